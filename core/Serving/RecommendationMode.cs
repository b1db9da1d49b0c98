namespace Recommender.Core.Serving;

/// <summary>How a known user's items are ranked.</summary>
public enum RecommendationMode
{
    /// <summary>ALS scores alone.</summary>
    Als,

    /// <summary>ALS scores blended with popularity (share of ALS = alpha).</summary>
    Mixed,
}
