using Recommender.Core.Als;
using Recommender.Core.Artifacts;
using Recommender.Core.Data;
using Recommender.Core.Serving;
using Recommender.Core.Signal;
using Recommender.Core.Training;
using Recommender.Tests.Artifacts;

namespace Recommender.Tests.Serving;

/// <summary>
/// A tiny model fitted by core's ALS with log confidence (so confidences are far from 1), ratings below 2 dropped by
/// the signal (so some seen pairs have no confidence), and its published confidences, as the training job builds it.
/// Under TF-IDF or BM25 the version also publishes the weighting's statistics unless told not to.
/// </summary>
internal sealed record TrainedModel(ServingModel Model, CsrMatrix Fitted, AlsOptions Options, CsrMatrix Ratings, SignalOptions Signal)
{
    public const int Users = 8;
    public const int Items = 12;

    public static TrainedModel Fit(DateTimeOffset? feedbackReadAt = null, bool publishConfidence = true, float regularizationExponent = 0f, float unobservedWeight = 1f, float? recencyHalfLife = null, InteractionWeighting weighting = InteractionWeighting.None, bool publishStatistics = true)
    {
        var random = new Random(3);
        var rows = new List<int>();
        var columns = new List<int>();
        var values = new List<float>();
        for (int u = 0; u < Users; u++)
        {
            for (int i = 0; i < Items; i++)
            {
                // Item 11 is never seen, so every user has an item to like; item 0 is seen by all with rating 1 (dropped).
                if (i == 0 || (i < Items - 1 && random.NextDouble() < 0.4))
                {
                    rows.Add(u);
                    columns.Add(i);
                    values.Add(i == 0 ? 1f : 1 + random.Next(5));
                }
            }
        }

        var seen = CsrMatrix.FromCoordinates(Users, Items, rows.ToArray(), columns.ToArray(), values.ToArray());
        var signal = new SignalOptions { PositiveThreshold = 2f, BelowThresholdWeight = 0f, Weighting = weighting, Bm25K1 = 1.2f, Bm25B = 0.75f };
        CsrMatrix fitted = TrainingSignal.Apply(seen, signal, null, out SignalStatistics? statistics);
        var options = new AlsOptions { Factors = 4, Iterations = 6, Regularization = 0.3f, Alpha = 3f, Confidence = ConfidenceScaling.Log, Epsilon = 0.5f, Solver = AlsSolverKind.Cholesky, Threads = 1, Seed = 9, RegularizationExponent = regularizationExponent, UnobservedWeight = unobservedWeight };
        AlsFactors factors = new CpuAlsFitter().Fit(fitted, options);

        ModelPackage shape = ModelPackages.Small("v1", Users, Items, options.Factors);
        ModelManifest manifest = shape.Manifest with
        {
            Hyperparameters = shape.Manifest.Hyperparameters with { Regularization = options.Regularization, Alpha = options.Alpha, Confidence = "log", Epsilon = options.Epsilon, RegularizationExponent = regularizationExponent, UnobservedWeight = unobservedWeight },
            Dataset = shape.Manifest.Dataset with { FeedbackReadAt = feedbackReadAt },
            Signal = recencyHalfLife is null && weighting == InteractionWeighting.None ? null : new SignalInfo
            {
                Weighting = weighting.ToString().ToLowerInvariant(),
                PositiveThreshold = 2f,
                BelowThresholdWeight = 0f,
                Bm25K1 = signal.Bm25K1,
                Bm25B = signal.Bm25B,
                Bm25AverageLength = publishStatistics && statistics?.UserLengths is not null ? statistics.AverageLength : null,
                RecencyHalfLife = recencyHalfLife,
                MinUserInteractions = 0,
                MinItemInteractions = 0,
                PrunedRows = 0,
            },
        };
        var package = new ModelPackage(manifest, factors, shape.Users, shape.Items, seen, shape.Popularity, shape.Titles)
        {
            SeenConfidence = publishConfidence ? SeenConfidence.Of(seen, fitted, options) : null,
            SignalItemIdf = publishStatistics ? statistics?.ItemIdf : null,
            SignalUserLengths = publishStatistics ? statistics?.UserLengths : null,
        };
        return new TrainedModel(new ServingModel(package, DateTimeOffset.UnixEpoch), fitted, options, seen, signal);
    }
}
