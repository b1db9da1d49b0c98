using System.Text.Json.Serialization;

namespace Recommender.Core.Feedback;

/// <summary>What a user did with an item; written in JSON as like, dislike, view or rating.</summary>
[JsonConverter(typeof(FeedbackKindJsonConverter))]
public enum FeedbackKind
{
    /// <summary>Explicit positive signal; adds confidence.</summary>
    Like,

    /// <summary>Explicit negative signal; removes the pair from training and from the user's recommendations.</summary>
    Dislike,

    /// <summary>Weak implicit signal; adds a little confidence.</summary>
    View,

    /// <summary>An explicit rating (0.5-5), treated like a row of the ratings file.</summary>
    Rating,
}
