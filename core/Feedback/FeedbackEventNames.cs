namespace Recommender.Core.Feedback;

/// <summary>The lower-case names of <see cref="FeedbackKind"/> used in JSON and table rows.</summary>
public static class FeedbackEventNames
{
    public static string ToJsonName(this FeedbackEvent feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        return Name(feedback.Event);
    }

    public static string Name(FeedbackKind kind) => kind switch
    {
        FeedbackKind.Like => "like",
        FeedbackKind.Dislike => "dislike",
        FeedbackKind.View => "view",
        FeedbackKind.Rating => "rating",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? name, out FeedbackKind kind)
    {
        switch (name)
        {
            case "like": kind = FeedbackKind.Like; return true;
            case "dislike": kind = FeedbackKind.Dislike; return true;
            case "view": kind = FeedbackKind.View; return true;
            case "rating": kind = FeedbackKind.Rating; return true;
            default: kind = default; return false;
        }
    }
}
