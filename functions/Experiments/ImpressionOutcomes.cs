using Recommender.Core.Experiments;
using Recommender.Core.Feedback;

namespace Recommender.Functions.Experiments;

/// <summary>
/// Attributes a logged like or dislike that names a <c>recommendationId</c> to that impression (an outcome row beside
/// it in table <c>impressions</c>), for the online metrics. Views and ratings are not outcomes the metrics count.
/// </summary>
public sealed class ImpressionOutcomes(ImpressionLog log)
{
    public async Task RecordAsync(FeedbackEvent feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        if (feedback.RecommendationId is not string id || feedback.Event is not (FeedbackKind.Like or FeedbackKind.Dislike))
        {
            return;
        }

        ImpressionOutcome outcome = feedback.Event == FeedbackKind.Like ? ImpressionOutcome.Like : ImpressionOutcome.Dislike;
        await log.WriteOutcomeAsync(id, outcome, feedback.UserId, cancellationToken).ConfigureAwait(false);
    }
}
