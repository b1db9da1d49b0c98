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
}
