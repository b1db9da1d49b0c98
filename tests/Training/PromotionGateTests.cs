using Recommender.Core.Artifacts;
using Recommender.Core.Training;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Training;

public class PromotionGateTests
{
    private static readonly PromotionGate _gate = new("ndcg@10", 0.01);

    [Fact]
    public void Judge_TheFirstModel_IsPromoted()
    {
        PromotionDecision decision = _gate.Judge(0.05, live: null);

        Assert.True(decision.Promoted);
        Assert.Equal("first model: promoted", decision.Reason);
    }

    [Theory]
    [InlineData(0.31, true)]
    [InlineData(0.30, true)]
    [InlineData(0.2999, false)]
    [InlineData(0.20, false)]
    public void Judge_ACandidateMustBeatTheLiveScorePlusMinImprove(double candidate, bool promoted)
    {
        PromotionDecision decision = _gate.Judge(candidate, new LiveModel("v1", "etag", 0.29));

        Assert.Equal(promoted, decision.Promoted);
        Assert.Contains("ndcg@10", decision.Reason, StringComparison.Ordinal);
        Assert.EndsWith(promoted ? ": promoted" : ": not promoted", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_ANotPromotedReason_NamesTheLiveVersion()
    {
        PromotionDecision decision = _gate.Judge(0.1, new LiveModel("20261125T030000Z-abc123", "etag", 0.2));

        Assert.Contains("live 20261125T030000Z-abc123 0.2000", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_ANaNScore_NeverReplacesALiveModel()
    {
        Assert.False(_gate.Judge(double.NaN, new LiveModel("v1", "etag", 0.2)).Promoted);
    }

    [Fact]
    public void Judge_ANegativeMinImprove_LetsASlightlyWorseModelThrough()
    {
        var lenient = new PromotionGate("ndcg@10", -1);

        Assert.True(lenient.Judge(0.1, new LiveModel("v1", "etag", 0.2)).Promoted);
    }

    [Fact]
    public async Task PromoteAsync_WritesCurrentJsonOverTheEvaluatedPointer()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        Assert.True(await repository.TrySetCurrentAsync("v1", "promoted", null, null));
        var (pointer, etag) = (await repository.GetCurrentAsync())!.Value;

        PromotionDecision decision = await _gate.PromoteAsync(repository, "v2", 0.5, new LiveModel(pointer.Version, etag, 0.3));

        Assert.True(decision.Promoted);
        ModelPointer now = (await repository.GetCurrentAsync())!.Value.Pointer;
        Assert.Equal("v2", now.Version);
        Assert.Equal("v1", now.PreviousVersion);
        Assert.Equal("promoted", now.Reason);
    }

    [Fact]
    public async Task PromoteAsync_WhenAnotherRunMovedCurrentJsonMeanwhile_LeavesItAndSaysSo()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        Assert.True(await repository.TrySetCurrentAsync("v1", "promoted", null, null));
        string evaluatedETag = (await repository.GetCurrentAsync())!.Value.ETag;
        Assert.True(await repository.TrySetCurrentAsync("v-other", "promoted", "v1", evaluatedETag));

        PromotionDecision decision = await _gate.PromoteAsync(repository, "v2", 0.5, new LiveModel("v1", evaluatedETag, 0.3));

        Assert.False(decision.Promoted);
        Assert.Contains("another run promoted first", decision.Reason, StringComparison.Ordinal);
        Assert.Equal("v-other", (await repository.GetCurrentAsync())!.Value.Pointer.Version);
    }

    [Fact]
    public async Task PromoteAsync_ACandidateThatFailsTheGate_LeavesCurrentJsonAlone()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        Assert.True(await repository.TrySetCurrentAsync("v1", "promoted", null, null));
        string etag = (await repository.GetCurrentAsync())!.Value.ETag;

        PromotionDecision decision = await _gate.PromoteAsync(repository, "v2", 0.1, new LiveModel("v1", etag, 0.3));

        Assert.False(decision.Promoted);
        Assert.Equal("v1", (await repository.GetCurrentAsync())!.Value.Pointer.Version);
    }

    [Fact]
    public void Judge_ACandidateEvaluatedOnTooFewUsers_IsNotPromotedEvenAsTheFirstModel()
    {
        var strict = new PromotionGate("ndcg@10", 0, minLiftOverPopularity: 0.1, minTestUsers: 50);

        PromotionDecision decision = strict.Judge(new CandidateEvidence(0.5, 0.1, UsersEvaluated: 0), live: null);

        Assert.False(decision.Promoted);
        Assert.Contains("evaluated on 0 users < min-test-users 50", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.039, 0.083, false)]
    [InlineData(0.090, 0.083, false)]
    [InlineData(0.092, 0.083, true)]
    [InlineData(0.000, 0.000, false)]
    [InlineData(0.001, 0.000, true)]
    public void Judge_ACandidateMustBeatPopularityByTheRelativeMargin(double candidate, double popularity, bool promoted)
    {
        var strict = new PromotionGate("ndcg@10", 0, minLiftOverPopularity: 0.1, minTestUsers: 1);

        PromotionDecision decision = strict.Judge(new CandidateEvidence(candidate, popularity, UsersEvaluated: 600), live: null);

        Assert.Equal(promoted, decision.Promoted);
        if (!promoted)
        {
            Assert.Contains("does not beat popularity", decision.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Judge_ACandidateThatPassesPopularity_IsStillJudgedAgainstTheLiveModel()
    {
        var strict = new PromotionGate("ndcg@10", 0, minLiftOverPopularity: 0.1, minTestUsers: 1);

        PromotionDecision decision = strict.Judge(new CandidateEvidence(0.2, 0.1, 600), new LiveModel("v1", "etag", 0.3));

        Assert.False(decision.Promoted);
        Assert.Contains("< live v1 0.3000", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_ALiveScoreOnFewerUsers_IsComparedWithTheCandidateOnThoseUsers()
    {
        var strict = new PromotionGate("ndcg@10", 0, minLiftOverPopularity: 0.1, minTestUsers: 1);
        var live = new LiveModel("v1", "etag", 0.25) { CandidateScore = 0.2 };

        PromotionDecision decision = strict.Judge(new CandidateEvidence(0.3, 0.1, 600), live);

        Assert.False(decision.Promoted);
        Assert.Contains("0.2000 < live v1 0.2500", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromoteAsync_AVerdictThatFailed_LeavesCurrentJsonAlone()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        var verdict = new PromotionDecision(false, "does not beat popularity");

        PromotionDecision decision = await PromotionGate.PromoteAsync(repository, "v1", verdict, live: null);

        Assert.Same(verdict, decision);
        Assert.Null(await repository.GetCurrentAsync());
    }
}
