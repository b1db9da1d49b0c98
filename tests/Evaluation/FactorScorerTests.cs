using Recommender.Core.Als;
using Recommender.Core.Evaluation;
using Recommender.Core.Serving;

namespace Recommender.Tests.Evaluation;

public class FactorScorerTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(32)]
    [InlineData(13)]
    public void TryScoreMany_GivesEachUserTheirTryScore_BitForBit_AndMarksUnknownUsersUnscored(int factors)
    {
        var scorer = new FactorScorer(AlsFactors.Uniform(10, 301, factors, new Random(3)));
        int[] users = [4, 0, 12, 9, -1, 4, 7];
        var scores = new float[users.Length * 301];
        var scored = new bool[users.Length];

        ((IItemScorer)scorer).TryScoreMany(users, scores, scored);

        var single = new float[301];
        for (int q = 0; q < users.Length; q++)
        {
            bool expected = scorer.TryScore(users[q], single);
            Assert.Equal(expected, scored[q]);
            if (expected)
            {
                Assert.Equal(single, scores.AsSpan(q * 301, 301).ToArray());
            }
        }

        Assert.Equal([true, true, false, true, false, true, true], scored);
    }
}
