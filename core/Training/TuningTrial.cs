namespace Recommender.Core.Training;

/// <summary>One point of a hyperparameter search and its score on the validation split.</summary>
public sealed record TuningTrial
{
    public required int Factors { get; init; }

    public required int Iterations { get; init; }

    public required float Regularization { get; init; }

    /// <summary>Exponent of frequency-scaled regularisation (0: plain lambda).</summary>
    public required float RegularizationExponent { get; init; }

    /// <summary>Weight of the implicit zeros.</summary>
    public required float UnobservedWeight { get; init; }

    /// <summary>Upper end of the uniform initial factors.</summary>
    public required float InitScale { get; init; }

    public required float Alpha { get; init; }

    /// <summary>The learning signal, e.g. "none", "binary >= 4", "bm25".</summary>
    public required string Signal { get; init; }

    /// <summary>NDCG@K on the validation positives (each user's two latest training positives).</summary>
    public required double ValidationNdcg { get; init; }

    /// <summary>
    /// For the finalists only: NDCG@K on the validation positives of a second fit with another seed. The search chooses
    /// the finalist with the best mean of this and <see cref="ValidationNdcg"/>; null for the other trials.
    /// </summary>
    public double? RecheckNdcg { get; init; }

    public required double Seconds { get; init; }
}

/// <summary>What <see cref="AlsTuner.Search"/> found: every trial, the index and options of the chosen one, and the validation users each trial was scored on.</summary>
public sealed record TuningResult(IReadOnlyList<TuningTrial> Trials, int Best, Als.AlsOptions Als, Signal.SignalOptions Signal, int ValidationUsers);
