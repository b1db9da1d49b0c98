using Recommender.Core.Evaluation;

namespace Recommender.Tests.Evaluation;

/// <summary>Expected values are worked out by hand in the comments (log2(3) = 1.5849625, log2(5) = 2.3219281).</summary>
public class RankingMetricsTests
{
    private const double Tolerance = 1e-9;
    private static readonly int[] _ranked = [5, 3, 9, 1, 7];
    private static readonly int[] _threeRelevant = [1, 3, 4];

    [Fact]
    public void Metrics_AtFive_WithTwoHitsOfThreeRelevant()
    {
        // Hits at ranks 2 (item 3) and 4 (item 1).
        Assert.Equal(2, RankingMetrics.Hits(_ranked, _threeRelevant, 5));
        Assert.Equal(0.4, RankingMetrics.Precision(_ranked, _threeRelevant, 5), Tolerance);
        Assert.Equal(2.0 / 3, RankingMetrics.Recall(_ranked, _threeRelevant, 5), Tolerance);
        Assert.Equal(1.0, RankingMetrics.HitRate(_ranked, _threeRelevant, 5), Tolerance);

        // DCG = 1/log2(3) + 1/log2(5) = 0.6309298 + 0.4306766 = 1.0616063; IDCG (3 ideal hits) = 1 + 0.6309298 + 0.5 = 2.1309298.
        Assert.Equal(1.0616063116 / 2.1309297536, RankingMetrics.Ndcg(_ranked, _threeRelevant, 5), 1e-8);

        // AP = (P@2 + P@4) / min(3, 5) = (1/2 + 2/4) / 3 = 1/3.
        Assert.Equal(1.0 / 3, RankingMetrics.AveragePrecision(_ranked, _threeRelevant, 5), Tolerance);
    }

    [Fact]
    public void Metrics_AtThree_OnlyCountTheFirstThree()
    {
        // Top 3 = [5, 3, 9]: one hit at rank 2.
        Assert.Equal(1.0 / 3, RankingMetrics.Precision(_ranked, _threeRelevant, 3), Tolerance);
        Assert.Equal(1.0 / 3, RankingMetrics.Recall(_ranked, _threeRelevant, 3), Tolerance);

        // DCG = 0.6309298; IDCG = 2.1309298 (min(3, 3) = 3 ideal hits).
        Assert.Equal(0.6309297536 / 2.1309297536, RankingMetrics.Ndcg(_ranked, _threeRelevant, 3), 1e-8);

        // AP = (1/2) / 3.
        Assert.Equal(1.0 / 6, RankingMetrics.AveragePrecision(_ranked, _threeRelevant, 3), Tolerance);
    }

    [Fact]
    public void Metrics_WithFewerRelevantThanK_NormaliseByTheRelevantCount()
    {
        int[] relevant = [9];

        // One hit at rank 3.
        Assert.Equal(0.2, RankingMetrics.Precision(_ranked, relevant, 5), Tolerance);
        Assert.Equal(1.0, RankingMetrics.Recall(_ranked, relevant, 5), Tolerance);

        // DCG = 1/log2(4) = 0.5; IDCG = 1 (one ideal hit).
        Assert.Equal(0.5, RankingMetrics.Ndcg(_ranked, relevant, 5), Tolerance);

        // AP = P@3 / min(1, 5) = 1/3.
        Assert.Equal(1.0 / 3, RankingMetrics.AveragePrecision(_ranked, relevant, 5), Tolerance);
        Assert.Equal(1.0, RankingMetrics.HitRate(_ranked, relevant, 5), Tolerance);
    }

    [Fact]
    public void Metrics_ForAUserWithoutHits_AreAllZero()
    {
        int[] relevant = [2, 8];

        Assert.Equal(0.0, RankingMetrics.Precision(_ranked, relevant, 5));
        Assert.Equal(0.0, RankingMetrics.Recall(_ranked, relevant, 5));
        Assert.Equal(0.0, RankingMetrics.Ndcg(_ranked, relevant, 5));
        Assert.Equal(0.0, RankingMetrics.AveragePrecision(_ranked, relevant, 5));
        Assert.Equal(0.0, RankingMetrics.HitRate(_ranked, relevant, 5));
    }

    [Fact]
    public void Metrics_ForAListShorterThanK_StillDivideByK()
    {
        int[] ranked = [4];
        int[] relevant = [4, 8];

        // One hit at rank 1 out of K = 3.
        Assert.Equal(1.0 / 3, RankingMetrics.Precision(ranked, relevant, 3), Tolerance);
        Assert.Equal(0.5, RankingMetrics.Recall(ranked, relevant, 3), Tolerance);

        // DCG = 1; IDCG = 1 + 1/log2(3) = 1.6309298.
        Assert.Equal(1 / 1.6309297536, RankingMetrics.Ndcg(ranked, relevant, 3), 1e-8);

        // AP = P@1 / min(2, 3) = 1/2.
        Assert.Equal(0.5, RankingMetrics.AveragePrecision(ranked, relevant, 3), Tolerance);
    }

    [Fact]
    public void Ndcg_IsOne_ForAPerfectRanking()
    {
        Assert.Equal(1.0, RankingMetrics.Ndcg([3, 1, 4, 0], _threeRelevant, 3), Tolerance);
        Assert.Equal(1.0, RankingMetrics.AveragePrecision([3, 1, 4, 0], _threeRelevant, 3), Tolerance);
    }

    [Fact]
    public void Coverage_IsDistinctRecommendedOverCatalogue()
    {
        Assert.Equal(0.25, RankingMetrics.Coverage(3, 12), Tolerance);
    }

    [Fact]
    public void Metrics_RejectAnEmptyRelevantSetOrKBelowOne()
    {
        Assert.Throws<ArgumentException>(() => RankingMetrics.Recall(_ranked, [], 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.Precision(_ranked, _threeRelevant, 0));
    }
}
