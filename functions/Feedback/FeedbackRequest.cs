namespace Recommender.Functions.Feedback;

/// <summary>Body of POST /api/feedback, as read by <see cref="FeedbackRequestReader"/>.</summary>
public sealed record FeedbackRequest
{
    public required string UserId { get; init; }

    public required string ItemId { get; init; }

    public required Recommender.Core.Feedback.FeedbackKind Event { get; init; }

    /// <summary>The rating (0.5-5) for a rating event; absent otherwise.</summary>
    public double? Value { get; init; }

    /// <summary>When it happened; the server's clock when absent.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The client's own id for the event; a retry with the same id leaves one row. Server-assigned when absent.</summary>
    public string? EventId { get; init; }

    /// <summary>The <c>recommendationId</c> of the served list the event answers; optional.</summary>
    public string? RecommendationId { get; init; }
}

/// <summary>Body of the 202 answer: the id the event is logged under.</summary>
public sealed record FeedbackAccepted(string EventId);

/// <summary>Why a feedback body was refused: the field at fault (null for the body as a whole) and a plain sentence.</summary>
public sealed record FeedbackProblem(string? Field, string Detail);
