using Recommender.Core.AzureStorage;

namespace Recommender.Functions.Hosting;

/// <summary>
/// Bounds a storage call made while a client waits. The SDK's own limits are per try (ten seconds of silence, three
/// tries), so storage that accepts connections and never answers would hold a request for half a minute; here the
/// whole call, retries included, gets <see cref="RequestPath"/>, after which it fails as storage being unavailable
/// (a 503 the client may retry).
/// </summary>
public static class StorageDeadline
{
    /// <summary>The longest a request waits on storage.</summary>
    public static readonly TimeSpan RequestPath = TimeSpan.FromSeconds(4);

    public static async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(RequestPath);
        try
        {
            return await call(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && (ex is OperationCanceledException || StorageErrors.IsStorageFailure(ex)))
        {
            throw new StorageUnavailableException($"{operation} failed: storage did not answer within {RequestPath.TotalSeconds:0} s.", 0, null, ex);
        }
    }

    public static Task RunAsync(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RunAsync<bool>(operation, async token =>
        {
            await call(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }
}
