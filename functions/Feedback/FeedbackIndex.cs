using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Recommender.Core.Feedback;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Feedback;

/// <summary>
/// Every user's logged feedback, held in memory so the recommend path never queries table storage per request.
/// Loaded in full on first use (the per-user table), then kept current by <see cref="RefreshAsync"/> and at once by
/// LogFeedback on this instance. A refresh reads the feedback timeline by key range from the last read's start less
/// an overlap, so its cost follows what is new, not the size of the table. Events are keyed by id, so the overlap's
/// re-reads are harmless.
/// </summary>
public sealed partial class FeedbackIndex(FeedbackLog log, TimeProvider time, IOptions<RecommenderOptions> options, ILogger<FeedbackIndex> logger) : IUserFeedbackSource, IDisposable
{
    // Reads overlap by this much: timeline keys come from the writers' clocks, so an event stamped up to this long
    // before the last read began (clock skew, a write still in flight) is still read. Exposed for tests.
    internal static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    // Margin between the oldest hour a refresh may ask the timeline for and the retention: covers clock skew between
    // this instance and the one that prunes.
    private static readonly TimeSpan _retentionMargin = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, UserEvents> _users = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _readLock = new(1, 1);
    private readonly FeedbackWeights _weights = new();
    private static readonly TimeSpan _retryAfterFailure = TimeSpan.FromSeconds(5);
    private DateTimeOffset? _readUpTo;
    private DateTimeOffset _lastFailure = DateTimeOffset.MinValue;

    /// <summary>Number of users with any feedback, for logs and tests.</summary>
    public int UserCount => _users.Count;

    public async Task<UserFeedback> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (_readUpTo is null)
        {
            // The first load may fall on a request: it waits for storage at most the request-path deadline, then the
            // request is served with the feedback known so far and the background refresh carries on.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(StorageDeadline.RequestPath);
            try
            {
                await ReadAsync(firstLoadOnly: true, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _lastFailure = time.GetUtcNow();
            }
        }

        return _users.TryGetValue(userId, out UserEvents? events) ? events.Summary : UserFeedback.None;
    }

    /// <summary>Adds an event this instance has just logged, so it takes effect here before the next refresh.</summary>
    public void Add(FeedbackEvent feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);

        // An event LogFeedback has just written was stored a moment ago; the table's own time replaces this one when
        // the next read brings the row.
        FeedbackEvent logged = feedback.LoggedAt is null ? feedback with { LoggedAt = time.GetUtcNow() } : feedback;
        _users.GetOrAdd(feedback.UserId, _ => new UserEvents(_weights)).Add(logged);
    }

    /// <summary>Reads the events the table stored since the last read (everything on the first call).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default) => ReadAsync(firstLoadOnly: false, cancellationToken);

    private async Task ReadAsync(bool firstLoadOnly, CancellationToken cancellationToken)
    {
        await _readLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Requests racing for the first load read the table once, and an unreachable table is not hit per request.
            DateTimeOffset started = time.GetUtcNow();
            if (firstLoadOnly && (_readUpTo is not null || started - _lastFailure < _retryAfterFailure))
            {
                return;
            }

            // After refreshes failed for longer than the timeline keeps its hours (a long outage), the hours since the last
            // read may be pruned: read the per-user table in full again instead, as on the first load.
            DateTimeOffset oldestKept = started - FeedbackTimelineRetention.Of(options.Value) + _retentionMargin;
            IAsyncEnumerable<FeedbackEvent> events = _readUpTo is DateTimeOffset since && since - Overlap >= oldestKept
                ? log.ReadSinceAsync(since - Overlap, cancellationToken)
                : log.ReadAllAsync(cancellationToken);
            int read = 0;
            await foreach (FeedbackEvent e in events.ConfigureAwait(false))
            {
                Add(e);
                read++;
            }

            _readUpTo = started;
            LogRefreshed(logger, read, _users.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Serve with what is known; the next refresh tries again.
            _lastFailure = time.GetUtcNow();
            LogRefreshFailed(logger, ex);
        }
        finally
        {
            _readLock.Release();
        }
    }

    public void Dispose() => _readLock.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feedback index read {Read} events; {Users} users have feedback")]
    private static partial void LogRefreshed(ILogger logger, int read, int users);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading feedback from table storage failed; serving the feedback known so far")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    /// <summary>One user's events and their summary, recomputed when an event arrives (rare next to reads).</summary>
    private sealed class UserEvents(FeedbackWeights weights)
    {
        private readonly Dictionary<string, FeedbackEvent> _events = new(StringComparer.Ordinal);

        public UserFeedback Summary { get; private set; } = UserFeedback.None;

        public void Add(FeedbackEvent feedback)
        {
            lock (_events)
            {
                // The earliest logged time is the table's (a local stamp is taken after the write).
                if (!_events.TryGetValue(feedback.EventId, out FeedbackEvent? known) || feedback.LoggedAt < known.LoggedAt)
                {
                    _events[feedback.EventId] = feedback;
                    // The same rules as training: events in time order, the latest word on an item wins, a dislike hides it.
                    Summary = UserFeedback.FromEvents(_events.Values, weights);
                }
            }
        }
    }
}
