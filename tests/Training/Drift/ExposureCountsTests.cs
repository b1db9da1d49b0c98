using Recommender.Core.Als;
using Recommender.Core.Evaluation;
using Recommender.Core.Training.Drift;

namespace Recommender.Tests.Training.Drift;

public class ExposureCountsTests
{
    /// <summary>Hides a scorer's own multi-user scoring, so the counts come from one user at a time.</summary>
    private sealed class OneAtATime(IItemScorer inner) : IItemScorer
    {
        public int ItemCount => inner.ItemCount;

        public bool TryScore(int user, Span<float> scores) => inner.TryScore(user, scores);
    }

    [Fact]
    public void Count_InPasses_EqualsOneUserAtATime_AndLeavesOutUsersOnlyOneModelKnows()
    {
        // The live model knows 40 of the 50 users; every user has seen items 0-2.
        var candidate = new FactorScorer(AlsFactors.Uniform(50, 120, 16, new Random(1)));
        var live = new FactorScorer(AlsFactors.Uniform(40, 120, 16, new Random(2)));
        var seenUsers = Enumerable.Range(0, 50).SelectMany(u => new[] { u, u, u }).ToArray();
        var seenItems = Enumerable.Range(0, 50).SelectMany(_ => new[] { 0, 1, 2 }).ToArray();
        var seen = CsrMatrix.FromCoordinates(50, 120, seenUsers, seenItems, Enumerable.Repeat(1f, seenUsers.Length).ToArray());
        int[] users = Enumerable.Range(0, 50).ToArray();

        ExposureCounts passes = ExposureCounts.Count(candidate, live, seen, users, 10);
        ExposureCounts single = ExposureCounts.Count(new OneAtATime(candidate), new OneAtATime(live), seen, users, 10);

        Assert.Equal(40, passes.Users);
        Assert.Equal(single.Users, passes.Users);
        Assert.Equal(single.Candidate, passes.Candidate);
        Assert.Equal(single.Live, passes.Live);
        Assert.Equal(400, passes.Candidate.Sum());
        Assert.Equal(0, passes.Live[0] + passes.Live[1] + passes.Live[2]);
    }
}
