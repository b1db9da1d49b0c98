using Recommender.Core.Als;
using Recommender.Core.Signal;

namespace Recommender.Tests.Signal;

public class TrainingSignalTests
{
    // 3 users x 3 items: user 0 rated items 0 (5) and 1 (2); user 1 rated item 0 (4); user 2 rated items 0 (3), 1 (1), 2 (5).
    private static readonly CsrMatrix _ratings = CsrMatrix.FromCoordinates(3, 3, [0, 0, 1, 2, 2, 2], [0, 1, 0, 0, 1, 2], [5f, 2f, 4f, 3f, 1f, 5f]);

    [Fact]
    public void Apply_WithDefaultOptions_ReturnsTheSameMatrix()
    {
        Assert.Same(_ratings, TrainingSignal.Apply(_ratings, new SignalOptions()));
    }

    [Fact]
    public void Apply_APositiveThreshold_DropsLowRatings()
    {
        CsrMatrix signal = TrainingSignal.Apply(_ratings, new SignalOptions { PositiveThreshold = 4 });

        Assert.Equal([0, 0, 2], signal.ColumnIndices);
        Assert.Equal([5f, 4f, 5f], signal.Values);
        Assert.Equal([0, 1, 2, 3], signal.RowPointers);
    }

    [Fact]
    public void Apply_ABelowThresholdWeight_KeepsLowRatingsWeighedDown()
    {
        CsrMatrix signal = TrainingSignal.Apply(_ratings, new SignalOptions { PositiveThreshold = 4, BelowThresholdWeight = 0.1f, Weighting = InteractionWeighting.Binary });

        Assert.Equal(6, signal.NonZeros);
        Assert.Equal([1f, 0.1f, 1f, 0.1f, 0.1f, 1f], signal.Values);
    }

    [Fact]
    public void Apply_Binary_MakesEveryInteractionOne()
    {
        CsrMatrix signal = TrainingSignal.Apply(_ratings, new SignalOptions { Weighting = InteractionWeighting.Binary });

        Assert.All(signal.Values, v => Assert.Equal(1f, v));
        Assert.Equal(_ratings.ColumnIndices, signal.ColumnIndices);
    }

    [Fact]
    public void Apply_TfIdf_WeighsARareItemAboveACommonOne()
    {
        CsrMatrix signal = TrainingSignal.Apply(_ratings, new SignalOptions { Weighting = InteractionWeighting.TfIdf });

        // User 2 rated item 0 (3 users) and item 2 (1 user) with the same 5 and 3: the rare item weighs more.
        ReadOnlySpan<float> user2 = signal.RowValues(2);
        Assert.Equal(MathF.Sqrt(3f) * MathF.Log(1f + (3f / 3f)), user2[0], 5);
        Assert.Equal(MathF.Sqrt(5f) * MathF.Log(1f + (3f / 1f)), user2[2], 5);
        Assert.True(user2[2] > user2[0]);
    }

    [Fact]
    public void Apply_Bm25_NormalisesByHistoryLength()
    {
        var equal = CsrMatrix.FromCoordinates(2, 3, [0, 1, 1, 1], [0, 0, 1, 2], [1f, 1f, 1f, 1f]);

        CsrMatrix signal = TrainingSignal.Apply(equal, new SignalOptions { Weighting = InteractionWeighting.Bm25, Bm25K1 = 1.2f, Bm25B = 1f });

        // Both users have item 0 with strength 1; the user with one interaction weighs it more than the user with three.
        Assert.True(signal.RowValues(0)[0] > signal.RowValues(1)[0]);
        Assert.All(signal.Values, v => Assert.True(v > 0 && float.IsFinite(v)));
    }

    [Fact]
    public void Apply_RecencyWeighting_HalvesTheWeightEveryHalfLifeOfLaterInteractions()
    {
        // Ranks in the layout of _ratings: user 0's item 1 is their latest; user 2's items 0, 1, 2 are 4, 2 and 0 ranks old.
        var ranks = CsrMatrix.FromCoordinates(3, 3, [0, 0, 1, 2, 2, 2], [0, 1, 0, 0, 1, 2], [1f, 0f, 0f, 4f, 2f, 0f]);

        CsrMatrix signal = TrainingSignal.Apply(_ratings, new SignalOptions { Weighting = InteractionWeighting.Binary, RecencyHalfLife = 2 }, ranks);

        float[] expected = [MathF.Sqrt(0.5f), 1f, 1f, 0.25f, 0.5f, 1f];
        Assert.Equal(expected.Length, signal.NonZeros);
        for (int n = 0; n < expected.Length; n++)
        {
            Assert.Equal(expected[n], signal.Values[n], 5);
        }
    }

    [Fact]
    public void Apply_RecencyWeighting_KeepsAVeryOldInteractionAsAPositive()
    {
        var ranks = CsrMatrix.FromCoordinates(3, 3, [0, 0, 1, 2, 2, 2], [0, 1, 0, 0, 1, 2], [100_000f, 0f, 0f, 0f, 0f, 0f]);

        CsrMatrix signal = TrainingSignal.Apply(_ratings, new SignalOptions { RecencyHalfLife = 1 }, ranks);

        Assert.Equal(_ratings.NonZeros, signal.NonZeros);
        Assert.Equal(5f * TrainingSignal.MinimumDecay, signal.Values[0]);
    }

    [Fact]
    public void Apply_RecencyWeightingWithoutRanks_SaysWhatIsMissing()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingSignal.Apply(_ratings, new SignalOptions { RecencyHalfLife = 5 }));

        Assert.Contains("recency ranks", error.Message, StringComparison.Ordinal);
    }
}
