namespace Recommender.Core.Experiments;

/// <summary>
/// Online figures of one (model version, variant) over a window: impressions logged, impressions liked and disliked
/// (each impression counts once however often it was liked), and the like rate with its 95% Wilson interval.
/// </summary>
public sealed record VariantMetrics(string ModelVersion, string? Variant, long Impressions, long Likes, long Dislikes)
{
    /// <summary>Likes per impression; null when there are no impressions.</summary>
    public double? LikeRate => Impressions == 0 ? null : (double)Likes / Impressions;

    public WilsonInterval LikeRateInterval => WilsonInterval.Of(Likes, Impressions);
}
