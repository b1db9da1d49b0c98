using Recommender.Core.Rules;

namespace Recommender.Core.Serving;

/// <summary>A request for a user's top-K.</summary>
/// <param name="Count">How many items (K), at least 1.</param>
/// <param name="Mode">ALS alone or blended with popularity.</param>
/// <param name="AlsShare">Mixed mode only: the share of ALS in the blend, 0-1.</param>
/// <param name="Explain">Whether each item carries the history items that contribute most to its score.</param>
public sealed record RecommendationQuery(int Count, RecommendationMode Mode = RecommendationMode.Als, float AlsShare = 0.8f, bool Explain = false)
{
    /// <summary>Blocked items and the request's genre filter, masked before top-K in every strategy.</summary>
    public ItemFilter Filter { get; init; } = ItemFilter.None;
}
