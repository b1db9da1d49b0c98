namespace Recommender.Core.Als;

/// <summary>How a raw interaction strength r becomes a confidence weight.</summary>
public enum ConfidenceScaling
{
    /// <summary>c = 1 + alpha * r.</summary>
    Linear,

    /// <summary>c = 1 + alpha * log(1 + r / epsilon).</summary>
    Log,
}

/// <summary>Which per-row least-squares solver the CPU backend uses.</summary>
public enum AlsSolverKind
{
    /// <summary>A fixed number of warm-started conjugate-gradient steps per row (fast, the default).</summary>
    ConjugateGradient,

    /// <summary>Exact solve by Cholesky factorisation per row (reference, slower).</summary>
    Cholesky,
}

/// <summary>Hyperparameters of implicit-feedback ALS (Hu, Koren and Volinsky 2008).</summary>
public sealed record AlsOptions
{
    /// <summary>Latent dimension. Default 64.</summary>
    public int Factors { get; init; } = 64;

    /// <summary>Full iterations (a user half and an item half each). Default 15.</summary>
    public int Iterations { get; init; } = 15;

    /// <summary>L2 regularisation lambda. Default 0.05.</summary>
    public float Regularization { get; init; } = 0.05f;

    /// <summary>
    /// Exponent nu of frequency-scaled regularisation (Rendle et al. 2022): a row with n observed entries, solved
    /// against m fixed rows, gets lambda * (n + UnobservedWeight * m)^nu, i.e. a penalty that grows with the row's
    /// total weight in the loss when nu = 1. Default 0: every row gets lambda.
    /// </summary>
    public float RegularizationExponent { get; init; }

    /// <summary>
    /// Weight w of the implicit zeros: the Gram term every row shares becomes w * Y^T Y, while observed entries keep
    /// their extra confidence c - 1 and their target c. Default 1 (Hu, Koren and Volinsky).
    /// </summary>
    public float UnobservedWeight { get; init; } = 1f;

    /// <summary>Initial factors are uniform in [0, InitScale). Default 0.01 (as the implicit library does).</summary>
    public float InitScale { get; init; } = 0.01f;

    /// <summary>Confidence scale alpha. Default 1.</summary>
    public float Alpha { get; init; } = 1f;

    /// <summary>Confidence scaling. Default linear.</summary>
    public ConfidenceScaling Confidence { get; init; } = ConfidenceScaling.Linear;

    /// <summary>Epsilon of log scaling. Default 1.</summary>
    public float Epsilon { get; init; } = 1f;

    /// <summary>Conjugate-gradient steps per row and half-iteration. Default 3.</summary>
    public int CgSteps { get; init; } = 3;

    /// <summary>Row solver. Default conjugate gradient.</summary>
    public AlsSolverKind Solver { get; init; } = AlsSolverKind.ConjugateGradient;

    /// <summary>Seed of the factor initialisation. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Worker threads; 0 means all processors. Default 0.</summary>
    public int Threads { get; init; }

    /// <summary>Compute the weighted loss after each iteration (costs about one extra half-iteration). Default false.</summary>
    public bool ComputeLoss { get; init; }

    /// <summary>Whether regularisation differs per row (RegularizationExponent is not 0).</summary>
    public bool ScalesRegularization => RegularizationExponent != 0f;

    /// <summary>
    /// The L2 weight of a row with <paramref name="observed"/> entries solved against <paramref name="fixedRows"/>
    /// fixed rows: lambda * (observed + UnobservedWeight * fixedRows)^RegularizationExponent.
    /// </summary>
    public float RowRegularization(int observed, int fixedRows) => ScalesRegularization
        ? (float)(Regularization * Math.Pow(observed + ((double)UnobservedWeight * fixedRows), RegularizationExponent))
        : Regularization;

    /// <summary>The confidence weight for a raw strength r under these options.</summary>
    public float ConfidenceOf(float r) => Confidence == ConfidenceScaling.Linear
        ? 1f + (Alpha * r)
        : 1f + (Alpha * MathF.Log(1f + (r / Epsilon)));

    /// <summary>The raw strength whose confidence is 1 + <paramref name="confidenceMinusOne"/>: the inverse of <see cref="ConfidenceOf"/>.</summary>
    public float StrengthOf(float confidenceMinusOne) => Confidence == ConfidenceScaling.Linear
        ? confidenceMinusOne / Alpha
        : Epsilon * (MathF.Exp(confidenceMinusOne / Alpha) - 1f);
}
