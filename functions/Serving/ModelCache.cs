using Recommender.Core.Artifacts;
using Recommender.Core.Serving;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Serving;

/// <summary>
/// Holds the serving model in memory and swaps it atomically when current.json points at a new version.
/// Requests read <see cref="Current"/> once and keep that instance, so a swap never affects a request in flight.
/// </summary>
public sealed partial class ModelCache(ModelRepository repository, TimeProvider time, ILogger<ModelCache> logger) : IDisposable
{
    /// <summary>The reason given while storage cannot be read.</summary>
    public const string StorageDown = "Storage could not be reached at the last model check; it is retried every few seconds.";

    private static readonly TimeSpan _firstLoadRetry = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private volatile ServingModel? _current;
    private string? _seenETag;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    /// <summary>The model serving now, or null while none could be loaded.</summary>
    public ServingModel? Current => _current;

    /// <summary>Whether the last call to storage (reading current.json) succeeded.</summary>
    public bool StorageReachable { get; private set; }

    /// <summary>Why the last load or refresh did not produce a model, for the health endpoint.</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// The current model, loading it on first use (at most one attempt every few seconds while none loads). A request
    /// waits for storage at most <see cref="StorageDeadline.RequestPath"/>; the background refresh keeps trying.
    /// </summary>
    public async Task<ServingModel?> GetAsync(CancellationToken cancellationToken = default)
    {
        ServingModel? model = _current;
        if (model is not null)
        {
            return model;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StorageDeadline.RequestPath);
        try
        {
            // Requests that arrive while the first load is in flight wait for it (within the deadline) instead of failing.
            bool retry;
            await _refreshLock.WaitAsync(deadline.Token).ConfigureAwait(false);
            try
            {
                retry = _current is null && time.GetUtcNow() - _lastAttempt >= _firstLoadRetry;
            }
            finally
            {
                _refreshLock.Release();
            }

            if (retry)
            {
                await RefreshAsync(deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            StorageReachable = false;
            LastError = StorageDown;
        }

        return _current;
    }

    /// <summary>
    /// Checks current.json (If-None-Match on the last ETag seen) and loads a newly pointed-at version after verifying
    /// every checksum. A broken version is refused and logged; the old model keeps serving. Returns true on a swap.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _lastAttempt = time.GetUtcNow();
            StoredFile? file = await repository.Store.ReadAsync(ArtifactNames.Current, _seenETag, cancellationToken).ConfigureAwait(false);
            if (!StorageReachable && LastError == StorageDown)
            {
                // Storage is back: the outage is no longer the news (a refused version's reason stays until a good one loads).
                LastError = null;
            }

            StorageReachable = true;
            if (file is null)
            {
                LastError = "No model has been activated yet (models/current.json does not exist).";
                return false;
            }

            if (file.NotModified)
            {
                return false;
            }

            // Remember the ETag before loading, so a broken version is refused once, not on every refresh.
            _seenETag = file.ETag;
            ModelPointer pointer = ModelRepository.ParsePointer(file.Content);
            if (pointer.Version == _current?.Version)
            {
                return false;
            }

            ModelPackage package = await repository.LoadAsync(pointer.Version, cancellationToken).ConfigureAwait(false);
            var previous = _current;
            _current = new ServingModel(package, time.GetUtcNow());
            LastError = null;
            LogSwapped(logger, previous?.Version ?? "(none)", pointer.Version);
            return true;
        }
        catch (InvalidDataException ex)
        {
            LastError = ex.Message;
            LogRefused(logger, ex.Message, _current?.Version ?? "(none)");
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage unreachable or throttled: keep serving, try again at the next interval.
            // Health is anonymous: it says what is wrong, the log says where and why.
            StorageReachable = false;
            _seenETag = _current is null ? null : _seenETag;
            LastError = StorageDown;
            LogRefreshFailed(logger, ex);
            return false;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    public void Dispose() => _refreshLock.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Model swapped from {Previous} to {Version}")]
    private static partial void LogSwapped(ILogger logger, string previous, string version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused new model: {Reason}; still serving {Version}")]
    private static partial void LogRefused(ILogger logger, string reason, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model refresh failed; still serving the previous model")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
