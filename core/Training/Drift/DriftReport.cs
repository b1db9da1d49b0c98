namespace Recommender.Core.Training.Drift;

/// <summary>
/// How a candidate differs from the live version: the item-popularity distribution of the training data (PSI), the
/// overlap of the top-N popular items, and the exposure of the two models' top-K lists on the same evaluation users
/// (Gini and catalogue coverage). <see cref="Exceeded"/> names every figure beyond its threshold.
/// </summary>
public sealed record DriftReport
{
    /// <summary>The live version compared against.</summary>
    public required string LiveVersion { get; init; }

    /// <summary>PSI of item popularity: the live version's items in <see cref="DriftMetrics.PopularityBins"/> equal-mass bins plus one bin of new items, shares floored at <see cref="DriftMetrics.PsiEpsilon"/>.</summary>
    public required double PopularityPsi { get; init; }

    /// <summary>Share of the live version's top-N popular items that are among the candidate's top N.</summary>
    public required double TopItemsOverlap { get; init; }

    /// <summary>Gini coefficient of the candidate's top-K exposure over its catalogue.</summary>
    public required double ExposureGini { get; init; }

    /// <summary>The same for the live model on the same users.</summary>
    public required double LiveExposureGini { get; init; }

    /// <summary>Share of the catalogue in at least one of the candidate's top-K lists.</summary>
    public required double Coverage { get; init; }

    /// <summary>The same for the live model on the same users.</summary>
    public required double LiveCoverage { get; init; }

    /// <summary>K of the top-K lists.</summary>
    public required int K { get; init; }

    /// <summary>Evaluation users both models could score (at most <see cref="ExposureCounts.MaxUsers"/>, sampled evenly).</summary>
    public required int UsersCompared { get; init; }

    public required DriftThresholds Thresholds { get; init; }

    /// <summary>Each figure beyond its threshold, in words; empty when the candidate is within every threshold.</summary>
    public required IReadOnlyList<string> Exceeded { get; init; }

    /// <summary>True when the run allowed promotion despite drift (<c>--allow-drift</c>).</summary>
    public required bool Allowed { get; init; }

    /// <summary>Whether the drift keeps the candidate from being promoted.</summary>
    public bool Blocks => Exceeded.Count > 0 && !Allowed;
}
