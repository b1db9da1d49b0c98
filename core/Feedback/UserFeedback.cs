namespace Recommender.Core.Feedback;

/// <summary>What the feedback table knows about one user: items to hide, and interactions for fold-in.</summary>
public sealed record UserFeedback(IReadOnlySet<string> DislikedItems, IReadOnlyDictionary<string, float> Strengths)
{
    public static UserFeedback None { get; } = new(new HashSet<string>(), new Dictionary<string, float>());

    /// <summary>
    /// The user's events in time order, each with the time it was logged where known: a known user's vector is updated
    /// from the events logged after their model version read the table. Empty when the source keeps only the summary.
    /// </summary>
    public IReadOnlyList<FeedbackEvent> Events { get; init; } = [];

    /// <summary>
    /// One user's events summarised by the training merge's rules: in time order, the latest word on an item wins, and a
    /// dislike hides the item.
    /// </summary>
    public static UserFeedback FromEvents(IEnumerable<FeedbackEvent> events, FeedbackWeights weights)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(weights);
        var ordered = new List<FeedbackEvent>(events);
        ordered.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        var strengths = new Dictionary<string, float?>(StringComparer.Ordinal);
        foreach (FeedbackEvent e in ordered)
        {
            strengths[e.ItemId] = weights.Apply(strengths.GetValueOrDefault(e.ItemId), e.Event, e.Value);
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

        return new UserFeedback(disliked, kept) { Events = ordered };
    }
}
