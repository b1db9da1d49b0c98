using Recommender.Core.Als;
using Recommender.Core.Signal;
using Recommender.Core.Training;

namespace Recommender.Tests.Training;

public class SeenConfidenceTests
{
    [Fact]
    public void EachSeenPair_GetsTheFittersConfidence_AndPairsTheFitDidNotTrainOnAreNaN()
    {
        // User 0 rated items 0 (1 star), 2 and 3; user 1 rated item 1. Ratings below 2 leave the fitted matrix.
        var seen = CsrMatrix.FromCoordinates(2, 4, [0, 0, 0, 1], [0, 2, 3, 1], [1f, 4f, 2.5f, 5f]);
        CsrMatrix fitted = TrainingSignal.Apply(seen, new SignalOptions { PositiveThreshold = 2f, BelowThresholdWeight = 0f });
        var options = new AlsOptions { Alpha = 2f, Confidence = ConfidenceScaling.Log, Epsilon = 0.5f };

        float[] confidence = SeenConfidence.Of(seen, fitted, options);

        Assert.Equal(seen.NonZeros, confidence.Length);
        Assert.True(float.IsNaN(confidence[0]));
        Assert.Equal(options.ConfidenceOf(4f) - 1f, confidence[1], 1e-6f);
        Assert.Equal(options.ConfidenceOf(2.5f) - 1f, confidence[2], 1e-6f);
        Assert.Equal(options.ConfidenceOf(5f) - 1f, confidence[3], 1e-6f);
    }

    [Fact]
    public void ATrainingSplitFit_LeavesTheHeldOutPairsWithoutConfidence()
    {
        var seen = CsrMatrix.FromCoordinates(1, 3, [0, 0, 0], [0, 1, 2], [1f, 2f, 3f]);
        var train = CsrMatrix.FromCoordinates(1, 3, [0, 0], [0, 2], [1f, 3f]);

        float[] confidence = SeenConfidence.Of(seen, train, new AlsOptions { Alpha = 4f });

        Assert.Equal([4f, float.NaN, 12f], confidence);
    }

    [Fact]
    public void MatricesOfDifferentShapes_AreRefused()
    {
        var seen = CsrMatrix.FromCoordinates(1, 3, [0], [0], [1f]);
        var other = CsrMatrix.FromCoordinates(2, 3, [0], [0], [1f]);

        Assert.Throws<ArgumentException>(() => SeenConfidence.Of(seen, other, new AlsOptions()));
    }
}
