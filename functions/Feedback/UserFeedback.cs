namespace Recommender.Functions.Feedback;

/// <summary>What the feedback table knows about one user: items to hide, and interactions for fold-in.</summary>
public sealed record UserFeedback(IReadOnlySet<string> DislikedItems, IReadOnlyDictionary<string, float> Strengths)
{
    public static UserFeedback None { get; } = new(new HashSet<string>(), new Dictionary<string, float>());
}

/// <summary>Reads a user's logged feedback.</summary>
public interface IUserFeedbackSource
{
    Task<UserFeedback> GetAsync(string userId, CancellationToken cancellationToken = default);
}
