namespace Recommender.Core.Feedback;

/// <summary>Reads a user's logged feedback.</summary>
public interface IUserFeedbackSource
{
    Task<UserFeedback> GetAsync(string userId, CancellationToken cancellationToken = default);
}
