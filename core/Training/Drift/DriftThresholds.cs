namespace Recommender.Core.Training.Drift;

/// <summary>How far a candidate may drift from the live version before promotion is blocked.</summary>
public sealed record DriftThresholds
{
    /// <summary>Largest item-popularity PSI. Default 0.25, the usual "significant shift" line (0.1 to 0.25 is moderate).</summary>
    public double MaxPopularityPsi { get; init; } = 0.25;

    /// <summary>Smallest share of the live top-N popular items still among the candidate's top N. Default 0.5.</summary>
    public double MinTopItemsOverlap { get; init; } = 0.5;

    /// <summary>Largest change (either way) of the Gini coefficient of top-K exposure. Default 0.1.</summary>
    public double MaxExposureGiniChange { get; init; } = 0.1;

    /// <summary>Largest change (either way) of catalogue coverage of the top-K lists, as a share of the catalogue. Default 0.1.</summary>
    public double MaxCoverageChange { get; init; } = 0.1;

    /// <summary>N of the top-N popular items compared. Default 100.</summary>
    public int TopItems { get; init; } = 100;
}
