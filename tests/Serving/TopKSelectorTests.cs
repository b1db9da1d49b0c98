using Recommender.Core.Serving;

namespace Recommender.Tests.Serving;

public class TopKSelectorTests
{
    [Fact]
    public void Select_OrdersByScoreThenIndex_AndSkipsMaskedItems()
    {
        float[] scores = [1f, 3f, 3f, float.NegativeInfinity, float.NaN, 2f, 5f];
        var top = new int[4];
        var topScores = new float[4];

        int count = TopKSelector.Select(scores, top, topScores);

        Assert.Equal(4, count);
        Assert.Equal([6, 1, 2, 5], top);
        Assert.Equal([5f, 3f, 3f, 2f], topScores);
    }

    [Fact]
    public void Select_ReturnsFewerThanK_WhenFewItemsAreUnmasked()
    {
        float[] scores = [float.NegativeInfinity, 0.5f, float.NaN, -1f];
        var top = new int[10];

        int count = TopKSelector.Select(scores, top);

        Assert.Equal(2, count);
        Assert.Equal([1, 3], top[..count]);
    }

    [Fact]
    public void Select_WithKZero_SelectsNothing()
    {
        Assert.Equal(0, TopKSelector.Select([1f, 2f], Span<int>.Empty));
    }

    [Fact]
    public void Select_MatchesAFullSort_OnRandomScoresWithManyTies()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(1, 300);
            int k = random.Next(1, 40);
            var scores = new float[n];
            for (int i = 0; i < n; i++)
            {
                int pick = random.Next(12);
                scores[i] = pick == 0 ? float.NegativeInfinity : pick == 1 ? float.NaN : random.Next(6);
            }

            int[] expected = [.. Enumerable.Range(0, n)
                .Where(i => !float.IsNaN(scores[i]) && !float.IsNegativeInfinity(scores[i]))
                .OrderByDescending(i => scores[i])
                .ThenBy(i => i)
                .Take(k)];
            var top = new int[k];

            int count = TopKSelector.Select(scores, top);

            Assert.Equal(expected, top[..count]);
        }
    }
}
