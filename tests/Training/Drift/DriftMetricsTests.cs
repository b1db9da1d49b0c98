using Recommender.Core.Data;
using Recommender.Core.Training.Drift;

namespace Recommender.Tests.Training.Drift;

public class DriftMetricsTests
{
    [Fact]
    public void PopulationStabilityIndex_MatchesTheHandComputedSum()
    {
        // (0.9 - 0.5) ln(0.9 / 0.5) + (0.1 - 0.5) ln(0.1 / 0.5)
        double psi = DriftMetrics.PopulationStabilityIndex([0.5, 0.5], [0.9, 0.1]);

        Assert.Equal(0.8788898309344878, psi, 12);
    }

    [Fact]
    public void PopulationStabilityIndex_FloorsAnEmptyBinAtEpsilon()
    {
        // (0.5 - 1) ln(0.5 / 1) + (0.5 - 1e-4) ln(0.5 / 1e-4)
        double psi = DriftMetrics.PopulationStabilityIndex([1, 0], [0.5, 0.5]);

        Assert.Equal(4.60431846666895, psi, 10);
    }

    [Fact]
    public void PopulationStabilityIndex_OfIdenticalDistributions_IsZero()
    {
        Assert.Equal(0, DriftMetrics.PopulationStabilityIndex([0.2, 0.3, 0.5, 0], [0.2, 0.3, 0.5, 0]));
    }

    [Fact]
    public void PopularityPsi_BinsLiveItemsByEqualMassAndPutsNewItemsInTheirOwnBin()
    {
        // Live a=6, b=2, c=2 in two bins: a fills bin 0 (60%), b and c bin 1 (40%); the new-items bin is empty.
        // Candidate a=2, b=4, d=4: bin 0 20%, bin 1 40%, new items (d) 40%.
        // PSI = (0.2 - 0.6) ln(0.2 / 0.6) + 0 + (0.4 - 1e-4) ln(0.4 / 1e-4)
        var live = IdMap.FromIds(["a", "b", "c"]);
        var candidate = IdMap.FromIds(["d", "b", "a"]);

        double psi = DriftMetrics.PopularityPsi([6, 2, 2], live, [4, 4, 2], candidate, bins: 2);

        Assert.Equal(3.7562353665440447, psi, 10);
    }

    [Fact]
    public void PopularityPsi_OfTheSameCountsUnderAnotherIndexOrder_IsZero()
    {
        var live = IdMap.FromIds(["a", "b", "c", "d"]);
        var candidate = IdMap.FromIds(["d", "c", "b", "a"]);

        Assert.Equal(0, DriftMetrics.PopularityPsi([9, 5, 3, 1], live, [1, 3, 5, 9], candidate), 12);
    }

    [Theory]
    [InlineData(new long[] { 1, 1, 1, 1 }, 0.0)]
    [InlineData(new long[] { 0, 0, 0, 10 }, 0.75)]
    [InlineData(new long[] { 4, 3, 2, 1 }, 0.25)]
    [InlineData(new long[] { 0, 0, 0 }, 0.0)]
    public void Gini_MatchesHandComputedValues(long[] counts, double expected)
    {
        // {1, 2, 3, 4}: Σ (2i - n - 1) x_i = -3 - 2 + 3 + 12 = 10, over n Σx = 40.
        Assert.Equal(expected, DriftMetrics.Gini(counts), 12);
    }

    [Fact]
    public void Overlap_IsSharedIdsOverTheLongerList()
    {
        Assert.Equal(0.5, DriftMetrics.Overlap(["x", "y", "z", "w"], ["y", "z", "q"]));
        Assert.Equal(1, DriftMetrics.Overlap(["a", "b"], ["b", "a"]));
        Assert.Equal(0, DriftMetrics.Overlap(["a"], ["b"]));
        Assert.Equal(1, DriftMetrics.Overlap([], []));
    }

    [Fact]
    public void TopItems_RanksByCountThenIdAndLeavesOutZeros()
    {
        var items = IdMap.FromIds(["c", "a", "b", "z"]);

        Assert.Equal(["b", "a", "c"], DriftMetrics.TopItems([2, 2, 5, 0], items, 10));
        Assert.Equal(["b", "a"], DriftMetrics.TopItems([2, 2, 5, 0], items, 2));
    }

    [Fact]
    public void Coverage_IsTheShareOfItemsExposedAtLeastOnce()
    {
        Assert.Equal(0.5, DriftMetrics.Coverage([3, 0, 1, 0]));
    }
}
