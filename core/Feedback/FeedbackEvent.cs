using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Core.Feedback;

/// <summary>One accepted feedback event, as it travels on the queue and is stored in table <c>feedback</c>.</summary>
public sealed record FeedbackEvent
{
    /// <summary>The client's id, or a server-assigned one; the table row key, so a redelivered or retried event leaves one row.</summary>
    public required string EventId { get; init; }

    public required string UserId { get; init; }

    public required string ItemId { get; init; }

    public required FeedbackKind Event { get; init; }

    /// <summary>The rating for <see cref="FeedbackKind.Rating"/>; otherwise null.</summary>
    public double? Value { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>
    /// The served list the event answers (its <c>recommendationId</c>), so online metrics can attribute it; optional, and
    /// left out of the message when absent, so events without it read as they always did.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RecommendationId { get; init; }

    /// <summary>
    /// When table storage stored the event (its row's Timestamp); null until it is logged. A model version contains the
    /// events logged before its training read the table, whatever their <see cref="Timestamp"/> says.
    /// </summary>
    [JsonIgnore]
    public DateTimeOffset? LoggedAt { get; init; }

    /// <summary>Serialises the event as the queue message body.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, FeedbackJson.Default.FeedbackEvent);

    /// <summary>Parses a queue message; throws <see cref="FormatException"/> with the reason when it is not a valid event.</summary>
    public static FeedbackEvent Parse(string json)
    {
        FeedbackEvent? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(json, FeedbackJson.Default.FeedbackEvent);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Feedback message is not valid JSON for an event: {ex.Message}", ex);
        }

        if (parsed is null)
        {
            throw new FormatException("Feedback message is empty.");
        }

        string? problem = FeedbackRules.Check(parsed.UserId, parsed.ItemId, parsed.Event, parsed.Value);
        problem ??= !FeedbackRules.IsValidEventId(parsed.EventId) ? "eventId is missing or not 1-64 letters, digits, '-', '_' or '.'"
            : parsed.Timestamp < FeedbackRules.MinTimestamp ? "timestamp is before 1601-01-01, which the event table cannot store"
            : parsed.RecommendationId is not null && !Experiments.RecommendationId.IsValid(parsed.RecommendationId) ? "recommendationId is not 32 hex digits of a version 7 UUID"
            : null;
        if (problem is not null)
        {
            throw new FormatException($"Feedback message is not a valid event: {problem}.");
        }

        return parsed;
    }
}

/// <summary>JSON for feedback events: camelCase, enums as lower-case strings, unknown members rejected.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(FeedbackEvent))]
public sealed partial class FeedbackJson : JsonSerializerContext;
