namespace Recommender.Functions.Hosting;

/// <summary>Whether the handler runs under the Functions host or on its own.</summary>
public sealed record HostingMode(bool Standalone, string Urls)
{
    /// <summary>The environment variable the Functions host sets for a custom handler.</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>
    /// Under the Functions host the handler listens on FUNCTIONS_CUSTOMHANDLER_PORT; standalone it listens on
    /// ASPNETCORE_URLS, default http://127.0.0.1:7071 (the port <c>func start</c> uses).
    /// </summary>
    public static HostingMode Detect(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        string? port = getEnvironmentVariable(CustomHandlerPortVariable);
        if (!string.IsNullOrEmpty(port))
        {
            return new HostingMode(false, $"http://127.0.0.1:{port}");
        }

        string? urls = getEnvironmentVariable("ASPNETCORE_URLS");
        return new HostingMode(true, string.IsNullOrEmpty(urls) ? "http://127.0.0.1:7071" : urls);
    }
}
