using Recommender.Core.Serving;

namespace Recommender.Tests.Serving;

public class TopKSelectorTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 3)]
    [InlineData(1000, 10)]
    [InlineData(50, 50)]
    [InlineData(5, 20)]
    public void Select_MatchesAFullSortOnRandomScores(int n, int k)
    {
        var random = new Random(n * 31 + k);
        var scores = new float[n];
        for (int i = 0; i < n; i++)
        {
            // Few distinct values, so ties are common and their order is checked too.
            scores[i] = random.Next(0, 7);
        }

        var result = new int[k];
        int count = TopKSelector.Select(scores, result);

        int[] expected = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToArray();
        Assert.Equal(expected, result[..count]);
    }

    [Fact]
    public void Select_NeverReturnsMaskedScores()
    {
        float[] scores = [float.NegativeInfinity, 1f, float.NaN, 0.5f];
        var result = new int[4];

        int count = TopKSelector.Select(scores, result);

        Assert.Equal([1, 3], result[..count]);
    }
}
