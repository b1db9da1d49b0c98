using Recommender.Core.Als;
using Recommender.Core.Signal;

namespace Recommender.Tests.Signal;

public class SignalStatisticsTests
{
    // 40 users x 25 items, ratings 1 to 5 on about a third of the pairs; item 24 is rated by nobody.
    private static CsrMatrix RandomRatings()
    {
        var random = new Random(17);
        var rows = new List<int>();
        var columns = new List<int>();
        var values = new List<float>();
        for (int u = 0; u < 40; u++)
        {
            for (int i = 0; i < 24; i++)
            {
                if (random.NextDouble() < 0.35)
                {
                    rows.Add(u);
                    columns.Add(i);
                    values.Add(1 + random.Next(5));
                }
            }
        }

        return CsrMatrix.FromCoordinates(40, 25, rows.ToArray(), columns.ToArray(), values.ToArray());
    }

    public static TheoryData<InteractionWeighting, float> Weightings => new()
    {
        { InteractionWeighting.TfIdf, 0f },
        { InteractionWeighting.TfIdf, 0.1f },
        { InteractionWeighting.Bm25, 0f },
        { InteractionWeighting.Bm25, 0.1f },
    };

    [Theory]
    [MemberData(nameof(Weightings))]
    public void WeighingEachRowByTheStatistics_ReproducesApplysWeightsToTheBit(InteractionWeighting weighting, float belowThresholdWeight)
    {
        CsrMatrix ratings = RandomRatings();
        var options = new SignalOptions { PositiveThreshold = 3f, BelowThresholdWeight = belowThresholdWeight, Weighting = weighting, Bm25K1 = 1.5f, Bm25B = 0.75f };

        CsrMatrix fitted = TrainingSignal.Apply(ratings, options, null, out SignalStatistics? statistics);

        Assert.NotNull(statistics);
        for (int u = 0; u < ratings.Rows; u++)
        {
            ReadOnlySpan<float> raw = ratings.RowValues(u);
            var weights = new float[raw.Length];
            for (int n = 0; n < raw.Length; n++)
            {
                weights[n] = TrainingSignal.PreferenceWeight(raw[n], options);
            }

            float length = weighting == InteractionWeighting.Bm25 ? statistics.UserLengths![u] : 0f;
            TrainingSignal.WeighUser(weights, ratings.RowColumns(u), statistics.ItemIdf, options, statistics.AverageLength, length);

            var expectedColumns = new List<int>();
            var expectedWeights = new List<float>();
            for (int n = 0; n < weights.Length; n++)
            {
                if (weights[n] > 0)
                {
                    expectedColumns.Add(ratings.RowColumns(u)[n]);
                    expectedWeights.Add(weights[n]);
                }
            }

            Assert.Equal(expectedColumns.ToArray(), fitted.RowColumns(u).ToArray());
            Assert.Equal(expectedWeights.ToArray(), fitted.RowValues(u).ToArray());
        }
    }

    [Fact]
    public void TheStatistics_AreTheIdfOfTheKeptEntries_AndUnderBm25TheSumsOfEachUsersPreferenceWeights()
    {
        CsrMatrix ratings = RandomRatings();
        var options = new SignalOptions { PositiveThreshold = 3f, Weighting = InteractionWeighting.Bm25 };

        TrainingSignal.Apply(ratings, options, null, out SignalStatistics? statistics);

        int usersWithItem3 = 0;
        double total = 0;
        for (int u = 0; u < ratings.Rows; u++)
        {
            float length = 0;
            for (int n = ratings.RowPointers[u]; n < ratings.RowPointers[u + 1]; n++)
            {
                bool kept = ratings.Values[n] >= 3f;
                usersWithItem3 += kept && ratings.ColumnIndices[n] == 3 ? 1 : 0;
                length += kept ? ratings.Values[n] : 0f;
            }

            Assert.Equal(length, statistics!.UserLengths![u]);
            total += length;
        }

        Assert.True(usersWithItem3 > 0);
        Assert.Equal(MathF.Log(1f + (40f / usersWithItem3)), statistics!.ItemIdf[3], 6);
        Assert.Equal(0f, statistics.ItemIdf[24]);
        Assert.Equal((float)(total / ratings.Rows), statistics.AverageLength);
    }

    [Fact]
    public void UnderTfIdf_ThereAreNoUserLengths()
    {
        TrainingSignal.Apply(RandomRatings(), new SignalOptions { Weighting = InteractionWeighting.TfIdf }, null, out SignalStatistics? statistics);

        Assert.Null(statistics!.UserLengths);
        Assert.Equal(25, statistics.ItemIdf.Length);
    }

    [Theory]
    [InlineData(InteractionWeighting.None)]
    [InlineData(InteractionWeighting.Binary)]
    public void WeightingsWithoutPerItemWeights_HaveNoStatistics(InteractionWeighting weighting)
    {
        TrainingSignal.Apply(RandomRatings(), new SignalOptions { PositiveThreshold = 3f, Weighting = weighting }, null, out SignalStatistics? statistics);

        Assert.Null(statistics);
    }
}
