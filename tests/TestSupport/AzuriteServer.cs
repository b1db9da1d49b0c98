namespace Recommender.Tests.TestSupport;

/// <summary>One Azurite for the whole test run, started when RecommenderStorage is not set (test.sh sets it).</summary>
internal static class AzuriteServer
{
    private static readonly Lazy<string> _lazyConnectionString = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);
    private static AzuriteInstance? _instance;

    /// <summary>The connection string of the Azurite the tests use.</summary>
    public static string ConnectionString => _lazyConnectionString.Value;

    private static string Resolve()
    {
        string? configured = Environment.GetEnvironmentVariable("RecommenderStorage");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        _instance = AzuriteInstance.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Interlocked.Exchange(ref _instance, null)?.Dispose();
        return _instance.ConnectionString;
    }
}
