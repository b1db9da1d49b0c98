using Recommender.Core.Als;
using Recommender.Core.Artifacts;
using Recommender.Core.Signal;

namespace Recommender.Tests.Artifacts;

public class RecordedOptionsTests
{
    [Fact]
    public void Als_GivesBackEveryRecordedHyperparameter()
    {
        var recorded = new HyperparameterInfo
        {
            Factors = 24,
            Iterations = 7,
            Regularization = 0.3f,
            Alpha = 4f,
            Confidence = "log",
            Epsilon = 0.5f,
            CgSteps = 5,
            Solver = "cholesky",
            Seed = 99,
            Threads = 3,
            RegularizationExponent = 1f,
            UnobservedWeight = 0.25f,
            InitScale = 0.1f,
        };

        AlsOptions options = RecordedOptions.Als(recorded);

        Assert.Equal(
            new AlsOptions
            {
                Factors = 24,
                Iterations = 7,
                Regularization = 0.3f,
                Alpha = 4f,
                Confidence = ConfidenceScaling.Log,
                Epsilon = 0.5f,
                CgSteps = 5,
                Solver = AlsSolverKind.Cholesky,
                Seed = 99,
                Threads = 3,
                RegularizationExponent = 1f,
                UnobservedWeight = 0.25f,
                InitScale = 0.1f,
            },
            options);
    }

    [Theory]
    [InlineData("none", InteractionWeighting.None)]
    [InlineData("binary", InteractionWeighting.Binary)]
    [InlineData("bm25", InteractionWeighting.Bm25)]
    [InlineData("tfidf", InteractionWeighting.TfIdf)]
    public void Signal_GivesBackTheRecordedWeightingThresholdAndRecency(string weighting, InteractionWeighting expected)
    {
        var recorded = new SignalInfo
        {
            Weighting = weighting,
            PositiveThreshold = 4f,
            BelowThresholdWeight = 0.25f,
            Bm25K1 = 50f,
            Bm25B = 0.5f,
            RecencyHalfLife = 5f,
            MinUserInteractions = 3,
            MinItemInteractions = 2,
            PrunedRows = 10,
        };

        Assert.Equal(
            new SignalOptions { Weighting = expected, PositiveThreshold = 4f, BelowThresholdWeight = 0.25f, Bm25K1 = 50f, Bm25B = 0.5f, RecencyHalfLife = 5f },
            RecordedOptions.Signal(recorded));
    }
}
