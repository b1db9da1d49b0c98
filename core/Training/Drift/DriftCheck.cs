using System.Globalization;
using Recommender.Core.Als;
using Recommender.Core.Artifacts;
using Recommender.Core.Data;
using Recommender.Core.Evaluation;

namespace Recommender.Core.Training.Drift;

/// <summary>Compares a candidate with the live version and turns the result into a promotion verdict.</summary>
public static class DriftCheck
{
    /// <summary>
    /// Measures drift between the candidate and the live model.
    /// </summary>
    /// <param name="live">The live version.</param>
    /// <param name="table">The candidate's interactions (its id space is the candidate's).</param>
    /// <param name="all">Every interaction of the candidate as a users x items matrix (item popularity).</param>
    /// <param name="trainSeen">The candidate's training split, masked from both models' lists.</param>
    /// <param name="candidate">The candidate's scorer in the table's index space.</param>
    /// <param name="users">The evaluation users.</param>
    /// <param name="k">Length of the top-K lists.</param>
    /// <param name="thresholds">When drift blocks promotion.</param>
    /// <param name="allowDrift">Record drift but never block on it.</param>
    public static DriftReport Measure(
        ModelPackage live, InteractionTable table, CsrMatrix all, CsrMatrix trainSeen, IItemScorer candidate, IReadOnlyList<int> users, int k,
        DriftThresholds thresholds, bool allowDrift)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(thresholds);
        int[] liveCounts = DriftMetrics.ColumnCounts(live.SeenItems);
        int[] candidateCounts = DriftMetrics.ColumnCounts(all);
        double psi = DriftMetrics.PopularityPsi(liveCounts, live.Items, candidateCounts, table.Items);
        double overlap = DriftMetrics.Overlap(
            DriftMetrics.TopItems(liveCounts, live.Items, thresholds.TopItems),
            DriftMetrics.TopItems(candidateCounts, table.Items, thresholds.TopItems));
        var exposure = ExposureCounts.Count(candidate, new RemappedModelScorer(live, table.Users, table.Items), trainSeen, users, k);
        double gini = DriftMetrics.Gini(exposure.Candidate), liveGini = DriftMetrics.Gini(exposure.Live);
        double coverage = DriftMetrics.Coverage(exposure.Candidate), liveCoverage = DriftMetrics.Coverage(exposure.Live);

        var exceeded = new List<string>();
        if (!(psi <= thresholds.MaxPopularityPsi))
        {
            exceeded.Add(Invariant($"item-popularity PSI {psi:F3} > {thresholds.MaxPopularityPsi}"));
        }

        if (!(overlap >= thresholds.MinTopItemsOverlap))
        {
            exceeded.Add(Invariant($"top-{thresholds.TopItems} overlap {overlap:F2} < {thresholds.MinTopItemsOverlap}"));
        }

        if (!(Math.Abs(gini - liveGini) <= thresholds.MaxExposureGiniChange))
        {
            exceeded.Add(Invariant($"exposure Gini {liveGini:F3} -> {gini:F3} changed by more than {thresholds.MaxExposureGiniChange}"));
        }

        if (!(Math.Abs(coverage - liveCoverage) <= thresholds.MaxCoverageChange))
        {
            exceeded.Add(Invariant($"coverage@{k} {liveCoverage:F3} -> {coverage:F3} changed by more than {thresholds.MaxCoverageChange}"));
        }

        return new DriftReport
        {
            LiveVersion = live.Version,
            PopularityPsi = psi,
            TopItemsOverlap = overlap,
            ExposureGini = gini,
            LiveExposureGini = liveGini,
            Coverage = coverage,
            LiveCoverage = liveCoverage,
            K = k,
            UsersCompared = exposure.Users,
            Thresholds = thresholds,
            Exceeded = exceeded,
            Allowed = allowDrift,
        };
    }

    /// <summary>
    /// The verdict after drift: a refusal stays as it was; a pass becomes a refusal naming the drift when the drift
    /// blocks, and keeps passing (saying the drift was allowed) under <see cref="DriftReport.Allowed"/>.
    /// </summary>
    public static PromotionDecision Judge(PromotionDecision verdict, DriftReport? drift)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (!verdict.Promoted || drift is null || drift.Exceeded.Count == 0)
        {
            return verdict;
        }

        string figures = string.Join("; ", drift.Exceeded);
        return drift.Allowed
            ? verdict with { Reason = $"{verdict.Reason} (drift from {drift.LiveVersion} allowed by --allow-drift: {figures})" }
            : new PromotionDecision(false, $"drift from live {drift.LiveVersion}: {figures}: not promoted (pass --allow-drift to promote anyway)");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
