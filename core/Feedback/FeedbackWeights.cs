namespace Recommender.Core.Feedback;

/// <summary>How feedback events change a (user, item) training strength. Documented in README.</summary>
public sealed record FeedbackWeights
{
    /// <summary>Strength a like adds. Default 2.</summary>
    public float Like { get; init; } = 2f;

    /// <summary>Strength a view adds. Default 0.25.</summary>
    public float View { get; init; } = 0.25f;

    /// <summary>
    /// The least strength a like leaves: the data set's positive threshold (the evaluation's minimum rating), so that a
    /// like counts as a positive preference, including under a signal that keeps only ratings at or above that
    /// threshold. Null (default): a like only adds <see cref="Like"/>.
    /// </summary>
    public float? PositiveFloor { get; init; }

    /// <summary>
    /// Applies one event to the current strength of a pair: a rating replaces it with the rating, like and view add to it
    /// (a like up to at least <see cref="PositiveFloor"/>), a dislike removes the pair (returns null).
    /// </summary>
    public float? Apply(float? current, FeedbackKind kind, double? value) => kind switch
    {
        FeedbackKind.Dislike => null,
        FeedbackKind.Rating => (float)(value ?? 0),
        FeedbackKind.Like => MathF.Max((current ?? 0f) + Like, PositiveFloor ?? float.NegativeInfinity),
        FeedbackKind.View => (current ?? 0f) + View,
        _ => current,
    };
}
