namespace Recommender.Core.Signal;

/// <summary>
/// How ratings become the training signal: which rows count as positive preferences, what becomes of the rest, and
/// how the kept strengths are weighted. The defaults leave the strengths unchanged.
/// </summary>
public sealed record SignalOptions
{
    /// <summary>
    /// Ratings at or above this are positive preferences; null (default) treats every interaction as positive.
    /// </summary>
    public float? PositiveThreshold { get; init; }

    /// <summary>
    /// The factor a rating below <see cref="PositiveThreshold"/> keeps of its weight: 0 (default) drops it from the
    /// fit, 0.1 keeps it at a tenth. Ignored without a threshold.
    /// </summary>
    public float BelowThresholdWeight { get; init; }

    /// <summary>Weighting of the kept strengths. Default none.</summary>
    public InteractionWeighting Weighting { get; init; } = InteractionWeighting.None;

    /// <summary>BM25 saturation k1. Default 100 (strengths saturate slowly; ratings stay nearly linear).</summary>
    public float Bm25K1 { get; init; } = 100f;

    /// <summary>BM25 history-length normalisation b, 0 to 1. Default 0.8.</summary>
    public float Bm25B { get; init; } = 0.8f;

    /// <summary>
    /// Recency weighting: a user's n-th latest interaction (0 for the latest) keeps 0.5^(n / half-life) of its weight,
    /// so each user's vector leans towards what they did last. Null (default) weighs every interaction alike.
    /// </summary>
    public float? RecencyHalfLife { get; init; }

    /// <summary>Whether these options leave every strength as it is.</summary>
    public bool IsIdentity => PositiveThreshold is null && Weighting == InteractionWeighting.None && RecencyHalfLife is null;
}
