namespace Recommender.Core.Feedback;

/// <summary>What the feedback table knows about one user: items to hide, and interactions for fold-in.</summary>
public sealed record UserFeedback(IReadOnlySet<string> DislikedItems, IReadOnlyDictionary<string, float> Strengths)
{
    public static UserFeedback None { get; } = new(new HashSet<string>(), new Dictionary<string, float>());
}
