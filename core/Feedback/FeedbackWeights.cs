namespace Recommender.Core.Feedback;

/// <summary>How feedback events change a (user, item) training strength. Documented in README.</summary>
public sealed record FeedbackWeights
{
    /// <summary>Strength a like adds. Default 2.</summary>
    public float Like { get; init; } = 2f;

    /// <summary>Strength a view adds. Default 0.25.</summary>
    public float View { get; init; } = 0.25f;

    /// <summary>
    /// Applies one event to the current strength of a pair: a rating replaces it with the rating, like and view add to it,
    /// a dislike removes the pair (returns null).
    /// </summary>
    public float? Apply(float? current, FeedbackKind kind, double? value) => kind switch
    {
        FeedbackKind.Dislike => null,
        FeedbackKind.Rating => (float)(value ?? 0),
        FeedbackKind.Like => (current ?? 0f) + Like,
        FeedbackKind.View => (current ?? 0f) + View,
        _ => current,
    };
}
