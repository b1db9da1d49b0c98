using Recommender.Core.Experiments;

namespace Recommender.Functions.Experiments;

/// <summary>Body of GET and PUT /api/experiments/current.</summary>
public sealed record ExperimentResponse(string Id, DateTimeOffset StartedAt, IReadOnlyList<VariantStatus> Variants)
{
    public static ExperimentResponse From(ExperimentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Experiment experiment = state.Experiment ?? throw new ArgumentException("No experiment runs.", nameof(state));
        var variants = new List<VariantStatus>(experiment.Variants.Count);
        foreach (ExperimentVariant variant in experiment.Variants)
        {
            string? failure = state.Failures.GetValueOrDefault(variant.Version);
            variants.Add(new VariantStatus(variant.Name, variant.Version, variant.Share, failure is null, failure));
        }

        return new ExperimentResponse(experiment.Id, experiment.StartedAt, variants);
    }
}

/// <summary>
/// One variant as this instance serves it: <c>loaded</c> false (with the reason) when its model could not be loaded,
/// so its users get the active model.
/// </summary>
public sealed record VariantStatus(string Name, string Version, double Share, bool Loaded, string? Failure);

/// <summary>Body of GET /api/experiments/metrics.</summary>
public sealed record ExperimentMetricsResponse(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<VariantMetricsResponse> Groups)
{
    /// <summary>Impressions this instance sampled but could not queue since it started (the log is a sample either way).</summary>
    public long ImpressionsDroppedOnThisInstance { get; init; }
}

/// <summary>One (model version, variant) of the metrics; <c>likeRateLow</c>/<c>likeRateHigh</c> bound the 95% Wilson interval.</summary>
public sealed record VariantMetricsResponse(string ModelVersion, string? Variant, long Impressions, long Likes, long Dislikes, double? LikeRate, double LikeRateLow, double LikeRateHigh)
{
    public static VariantMetricsResponse From(VariantMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        WilsonInterval interval = metrics.LikeRateInterval;
        return new(metrics.ModelVersion, metrics.Variant, metrics.Impressions, metrics.Likes, metrics.Dislikes, metrics.LikeRate, interval.Low, interval.High);
    }
}
