using Recommender.Core.Experiments;
using Recommender.Core.Serving;

namespace Recommender.Functions.Experiments;

/// <summary>
/// Gives a served recommendation list its id and, when sampled, hands the impression to <see cref="ImpressionSender"/>.
/// Never waits on storage and never throws on its account: logging must not slow or fail a recommendation.
/// </summary>
public sealed class ImpressionRecorder(ImpressionSender sender, TimeProvider time)
{
    /// <summary>Names a list served to <paramref name="userId"/> and logs it when sampled; returns its recommendationId.</summary>
    public string Record(string userId, ServedBy served, Recommendations recommendations)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(recommendations);
        DateTimeOffset now = time.GetUtcNow();
        string id = RecommendationId.New(now);
        if (sender.Sample())
        {
            int logged = Math.Min(recommendations.Items.Count, Impression.MaxLoggedItems);
            var items = new string[logged];
            for (int i = 0; i < logged; i++)
            {
                items[i] = recommendations.Items[i].ItemId;
            }

            sender.Publish(new Impression
            {
                RecommendationId = id,
                UserId = userId,
                Items = items,
                ModelVersion = served.Model.Version,
                Variant = served.Variant,
                Strategy = recommendations.Strategy,
                ServedAt = now,
            });
        }

        return id;
    }
}
