using Recommender.Core.Training;
using Recommender.Core.Training.Drift;

namespace Recommender.Tests.Training.Drift;

public class DriftCheckTests
{
    private static readonly PromotionDecision _passed = new(true, "ndcg@10 0.2000 >= live 0.1000 + min-improve 0: promoted");

    private static DriftReport Drift(bool allowed, params string[] exceeded) => new()
    {
        LiveVersion = "v1",
        PopularityPsi = 0.4,
        TopItemsOverlap = 0.3,
        ExposureGini = 0.5,
        LiveExposureGini = 0.5,
        Coverage = 0.2,
        LiveCoverage = 0.2,
        K = 10,
        UsersCompared = 100,
        Thresholds = new DriftThresholds(),
        Exceeded = exceeded,
        Allowed = allowed,
    };

    [Fact]
    public void Judge_DriftBeyondAThreshold_BlocksAPassingCandidateAndNamesTheFigure()
    {
        PromotionDecision decision = DriftCheck.Judge(_passed, Drift(false, "item-popularity PSI 0.400 > 0.25"));

        Assert.False(decision.Promoted);
        Assert.Contains("item-popularity PSI 0.400 > 0.25", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("--allow-drift", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_AllowedDrift_PromotesAndSaysSo()
    {
        PromotionDecision decision = DriftCheck.Judge(_passed, Drift(true, "item-popularity PSI 0.400 > 0.25"));

        Assert.True(decision.Promoted);
        Assert.Contains("allowed by --allow-drift", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_KeepsAnEarlierRefusalAndAPassWithoutDrift()
    {
        var refused = new PromotionDecision(false, "does not beat popularity: not promoted");

        Assert.Same(refused, DriftCheck.Judge(refused, Drift(false, "top-100 overlap 0.30 < 0.5")));
        Assert.Same(_passed, DriftCheck.Judge(_passed, Drift(false)));
        Assert.Same(_passed, DriftCheck.Judge(_passed, null));
    }
}
