using Recommender.Core.Als;
using Recommender.Core.Signal;

namespace Recommender.Core.Artifacts;

/// <summary>
/// The options a version's manifest records, turned back into the options it was trained with: for a real-time
/// re-solve that must match the fit, and for a training run that keeps the live version's tuned point.
/// </summary>
public static class RecordedOptions
{
    /// <summary>The ALS options of <paramref name="recorded"/> (threads as recorded; callers choose their own).</summary>
    public static AlsOptions Als(HyperparameterInfo recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return new AlsOptions
        {
            Factors = recorded.Factors,
            Iterations = recorded.Iterations,
            Regularization = recorded.Regularization,
            RegularizationExponent = recorded.RegularizationExponent,
            UnobservedWeight = recorded.UnobservedWeight,
            InitScale = recorded.InitScale,
            Alpha = recorded.Alpha,
            Confidence = string.Equals(recorded.Confidence, "log", StringComparison.OrdinalIgnoreCase) ? ConfidenceScaling.Log : ConfidenceScaling.Linear,
            Epsilon = recorded.Epsilon,
            Solver = string.Equals(recorded.Solver, "cholesky", StringComparison.OrdinalIgnoreCase) ? AlsSolverKind.Cholesky : AlsSolverKind.ConjugateGradient,
            CgSteps = recorded.CgSteps,
            Seed = recorded.Seed,
            Threads = recorded.Threads,
        };
    }

    /// <summary>The learning signal of <paramref name="recorded"/> (the weighting, threshold and recency; k-core is a data rule, not part of it).</summary>
    public static SignalOptions Signal(SignalInfo recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return new SignalOptions
        {
            Weighting = recorded.Weighting switch
            {
                "binary" => InteractionWeighting.Binary,
                "bm25" => InteractionWeighting.Bm25,
                "tfidf" => InteractionWeighting.TfIdf,
                _ => InteractionWeighting.None,
            },
            PositiveThreshold = recorded.PositiveThreshold,
            BelowThresholdWeight = recorded.BelowThresholdWeight,
            Bm25K1 = recorded.Bm25K1,
            Bm25B = recorded.Bm25B,
            RecencyHalfLife = recorded.RecencyHalfLife,
        };
    }
}
