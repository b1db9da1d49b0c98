using System.Text.Json.Serialization;

namespace Recommender.Core.Feedback;

/// <summary>What a user did with an item; written in JSON as like, dislike, view or rating.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeedbackKind>))]
public enum FeedbackKind
{
    /// <summary>Explicit positive signal; adds confidence.</summary>
    [JsonStringEnumMemberName("like")]
    Like,

    /// <summary>Explicit negative signal; removes the pair from training and from the user's recommendations.</summary>
    [JsonStringEnumMemberName("dislike")]
    Dislike,

    /// <summary>Weak implicit signal; adds a little confidence.</summary>
    [JsonStringEnumMemberName("view")]
    View,

    /// <summary>An explicit rating (0.5-5), treated like a row of the ratings file.</summary>
    [JsonStringEnumMemberName("rating")]
    Rating,
}
