using System.Collections.Frozen;
using Recommender.Core.Rules;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Rules;

/// <summary>
/// The blocked item ids, held in memory so the serving path never queries table storage per request. Read in full at
/// start and every RulesRefreshSeconds (so a change made on another instance arrives within one interval), and changed
/// at once by the admin routes of this instance. Until the first read succeeds a request waits for it (at most the
/// request-path deadline) and fails as storage unavailable rather than serve items that may be blocked; after that a
/// failed read keeps the last known rules.
/// </summary>
public sealed partial class BlockedItemsCache(BlockedItemStore store, ILogger<BlockedItemsCache> logger) : IDisposable
{
    private readonly SemaphoreSlim _readLock = new(1, 1);
    private readonly Lock _changesLock = new();

    // Changes made here since the read in progress began: that read may have missed them, so they are applied over it.
    private readonly List<LocalChange> _localChanges = [];
    private FrozenSet<string> _current = FrozenSet<string>.Empty;
    private long _sequence;
    private volatile bool _loaded;

    /// <summary>The blocked ids now; reads the table first when no read has succeeded yet.</summary>
    public async Task<IReadOnlySet<string>> GetAsync(CancellationToken cancellationToken = default)
    {
        if (!_loaded)
        {
            await StorageDeadline.RunAsync("Read the blocked items", token => ReadAsync(onlyIfNotLoaded: true, token), cancellationToken).ConfigureAwait(false);
        }

        return _current;
    }

    /// <summary>Applies a change this instance has just written to the table, so it takes effect here at once.</summary>
    public void Apply(string itemId, bool blocked)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        lock (_changesLock)
        {
            var change = new LocalChange(++_sequence, itemId, blocked);
            _localChanges.Add(change);
            var set = new HashSet<string>(_current, StringComparer.Ordinal);
            change.ApplyTo(set);
            _current = set.ToFrozenSet(StringComparer.Ordinal);
        }
    }

    /// <summary>Reads every rule from the table; a failure is logged and the last known rules stay.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await ReadAsync(onlyIfNotLoaded: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(logger, ex);
        }
    }

    public void Dispose() => _readLock.Dispose();

    private async Task ReadAsync(bool onlyIfNotLoaded, CancellationToken cancellationToken)
    {
        await _readLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (onlyIfNotLoaded && _loaded)
            {
                return;
            }

            long startedAt;
            lock (_changesLock)
            {
                startedAt = _sequence;
            }

            var read = new HashSet<string>(StringComparer.Ordinal);
            await foreach (BlockedItem item in store.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                read.Add(item.ItemId);
            }

            lock (_changesLock)
            {
                // A change applied here before the read began was written to the table before it too, so the read has it.
                _localChanges.RemoveAll(c => c.Sequence <= startedAt);
                foreach (LocalChange change in _localChanges)
                {
                    change.ApplyTo(read);
                }

                _current = read.ToFrozenSet(StringComparer.Ordinal);
                _loaded = true;
            }

            LogRefreshed(logger, read.Count);
        }
        finally
        {
            _readLock.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Read {Count} blocked items")]
    private static partial void LogRefreshed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the blocked items failed; serving with the rules known so far")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    private sealed record LocalChange(long Sequence, string ItemId, bool Blocked)
    {
        public void ApplyTo(HashSet<string> set)
        {
            if (Blocked)
            {
                set.Add(ItemId);
            }
            else
            {
                set.Remove(ItemId);
            }
        }
    }
}
