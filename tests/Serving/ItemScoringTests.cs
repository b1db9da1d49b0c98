using Recommender.Core.Serving;

namespace Recommender.Tests.Serving;

public class ItemScoringTests
{
    [Theory]
    [InlineData(64, 27)]
    [InlineData(32, 8)]
    [InlineData(10, 5)]
    [InlineData(16, 1)]
    public void ScoreAll_MatchesScalarDotProducts(int factors, int items)
    {
        var random = new Random(factors + items);
        float[] query = Enumerable.Range(0, factors).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] matrix = Enumerable.Range(0, factors * items).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var scores = new float[items];

        ItemScoring.ScoreAll(query, matrix, scores);

        for (int i = 0; i < items; i++)
        {
            double expected = 0;
            for (int f = 0; f < factors; f++)
            {
                expected += query[f] * matrix[(i * factors) + f];
            }

            Assert.Equal(expected, scores[i], 4);
        }
    }

    [Theory]
    [InlineData(64, 27)]
    [InlineData(24, 9)]
    [InlineData(13, 6)]
    public void Dot_EqualsScoreAllBitForBit(int factors, int items)
    {
        var random = new Random(factors * items);
        float[] query = Enumerable.Range(0, factors).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] matrix = Enumerable.Range(0, factors * items).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var scores = new float[items];

        ItemScoring.ScoreAll(query, matrix, scores);

        for (int i = 0; i < items; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(scores[i]), BitConverter.SingleToInt32Bits(ItemScoring.Dot(query, matrix.AsSpan(i * factors, factors))));
        }
    }

    [Fact]
    public void ScoreAll_RejectsMatrixOfTheWrongSize()
    {
        Assert.Throws<ArgumentException>(() => ItemScoring.ScoreAll(new float[4], new float[7], new float[2]));
    }
}
