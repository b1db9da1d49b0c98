using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Recommender.Core.Feedback;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Feedback;

/// <summary>
/// A user's logged feedback, read from table <c>feedback</c> and cached for FeedbackCacheSeconds, so the
/// recommend path does not query the table on every request. LogFeedback on this instance invalidates the
/// user at once; other instances see the change within the cache time.
/// </summary>
public sealed class CachedUserFeedbackSource(FeedbackLog log, IOptions<RecommenderOptions> options, TimeProvider time) : IUserFeedbackSource
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly FeedbackWeights _weights = new();

    public async Task<UserFeedback> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (_cache.TryGetValue(userId, out Entry? entry) && entry.ExpiresAt > now)
        {
            return entry.Feedback;
        }

        var events = new List<FeedbackEvent>();
        await foreach (FeedbackEvent e in log.ReadUserAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            events.Add(e);
        }

        UserFeedback feedback = Summarise(events);
        if (_cache.Count >= MaxEntries)
        {
            // A crude bound on memory: start over rather than track recency for every user.
            _cache.Clear();
        }

        _cache[userId] = new Entry(feedback, now.AddSeconds(Math.Max(0, options.Value.FeedbackCacheSeconds)));
        return feedback;
    }

    /// <summary>Forgets a user's cached feedback, so the next request reads the table.</summary>
    public void Invalidate(string userId) => _cache.TryRemove(userId, out _);

    private UserFeedback Summarise(List<FeedbackEvent> events)
    {
        if (events.Count == 0)
        {
            return UserFeedback.None;
        }

        // The same rules as training: events in time order; the latest word on an item wins.
        events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        var strengths = new Dictionary<string, float?>(StringComparer.Ordinal);
        foreach (FeedbackEvent e in events)
        {
            strengths[e.ItemId] = _weights.Apply(strengths.GetValueOrDefault(e.ItemId), e.Event, e.Value);
        }

        var disliked = new HashSet<string>(StringComparer.Ordinal);
        var kept = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (item, strength) in strengths)
        {
            if (strength is float s)
            {
                kept[item] = s;
            }
            else
            {
                disliked.Add(item);
            }
        }

        return new UserFeedback(disliked, kept);
    }

    private sealed record Entry(UserFeedback Feedback, DateTimeOffset ExpiresAt);
}
