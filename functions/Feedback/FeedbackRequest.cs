using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Core.Feedback;

namespace Recommender.Functions.Feedback;

/// <summary>Body of POST /api/feedback.</summary>
public sealed record FeedbackRequest
{
    public string? UserId { get; init; }

    public string? ItemId { get; init; }

    public FeedbackKind? Event { get; init; }

    /// <summary>The rating (0.5-5) for a rating event; absent otherwise.</summary>
    public double? Value { get; init; }

    /// <summary>When it happened; the server's clock when absent.</summary>
    public DateTimeOffset? Timestamp { get; init; }
}

/// <summary>Body of the 202 answer: the id the event is logged under.</summary>
public sealed record FeedbackAccepted(string EventId);

/// <summary>Strict JSON for feedback requests: camelCase, unknown members rejected.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(FeedbackRequest))]
internal sealed partial class FeedbackRequestJson : JsonSerializerContext;
