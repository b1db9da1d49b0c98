using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Recommender.Core.Feedback;

namespace Recommender.Functions.Feedback;

/// <summary>
/// Reads a feedback body strictly, so nothing is reinterpreted on the way to the queue: field names exactly as
/// documented (case-sensitive, each once, no others), <c>event</c> one of the documented strings, <c>value</c> a JSON
/// number, <c>timestamp</c> an ISO 8601 date-time Azure Tables can store. Refusals name the field and what it accepts,
/// in words a client can act on (never a .NET type name).
/// </summary>
public static class FeedbackRequestReader
{
    private const string Fields = "userId, itemId, event, value, timestamp, eventId and recommendationId";
    private const string Events = "\"like\", \"dislike\", \"view\" or \"rating\"";

    public static bool TryRead(ReadOnlyMemory<byte> body, out FeedbackRequest? request, out FeedbackProblem? problem)
    {
        request = null;
        if (!Utf8.IsValid(body.Span))
        {
            problem = new(null, "The body is not valid UTF-8 text.");
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            problem = new(null, $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
            return false;
        }

        using (document)
        {
            problem = Read(document.RootElement, out request);
            return problem is null;
        }
    }

    private static FeedbackProblem? Read(JsonElement root, out FeedbackRequest? request)
    {
        request = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new(null, $"The body must be a JSON object with the fields {Fields}.");
        }

        string? userId = null, itemId = null, eventName = null, eventId = null, recommendationId = null;
        double? value = null;
        DateTimeOffset? timestamp = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return new(property.Name, $"{property.Name} appears more than once; send each field once.");
            }

            JsonElement v = property.Value;
            FeedbackProblem? wrong = property.Name switch
            {
                "userId" => ReadString(property.Name, v, out userId),
                "itemId" => ReadString(property.Name, v, out itemId),
                "event" => ReadEvent(v, out eventName),
                "value" => ReadNumber(v, out value),
                "timestamp" => ReadTimestamp(v, out timestamp),
                "eventId" => ReadString(property.Name, v, out eventId),
                "recommendationId" => ReadString(property.Name, v, out recommendationId),
                _ => new(property.Name, $"{property.Name} is not a field of a feedback event; the fields are {Fields} (names are case-sensitive)."),
            };
            if (wrong is not null)
            {
                return wrong;
            }
        }

        if (eventName is null || !FeedbackEventNames.TryParse(eventName, out FeedbackKind kind))
        {
            return new("event", $"event is required: one of the strings {Events}.");
        }

        if (!FeedbackRules.IsValidId(userId))
        {
            return new("userId", "userId is required: a string of 1-128 printable characters.");
        }

        if (!FeedbackRules.IsValidId(itemId))
        {
            return new("itemId", "itemId is required: a string of 1-128 printable characters.");
        }

        if (eventId is not null && !FeedbackRules.IsValidEventId(eventId))
        {
            return new("eventId", $"eventId must be 1-{FeedbackRules.MaxEventIdLength} letters, digits, '-', '_' or '.'.");
        }

        if (recommendationId is not null && !Core.Experiments.RecommendationId.IsValid(recommendationId))
        {
            return new("recommendationId", "recommendationId must be the recommendationId of a served list: 32 lower-case hex digits.");
        }

        string? rule = FeedbackRules.Check(userId, itemId, kind, value);
        if (rule is not null)
        {
            return new("value", rule + ".");
        }

        request = new FeedbackRequest { UserId = userId!, ItemId = itemId!, Event = kind, Value = value, Timestamp = timestamp, EventId = eventId, RecommendationId = recommendationId };
        return null;
    }

    // A JSON null counts as absent, so an optional field may be sent as null; required ones are checked afterwards.
    private static FeedbackProblem? ReadString(string name, JsonElement element, out string? text)
    {
        text = null;
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                text = TryGetString(element);
                return text is null ? new(name, $"{name} must be valid Unicode text (an escaped lone surrogate is not).") : null;
            default:
                return new(name, $"{name} must be a JSON string.");
        }
    }

    // Only the documented names: no numbers, no other case, no comma lists.
    private static FeedbackProblem? ReadEvent(JsonElement element, out string? name)
    {
        name = element.ValueKind == JsonValueKind.String ? TryGetString(element) : null;
        return name is not null && FeedbackEventNames.TryParse(name, out _) ? null : new("event", $"event must be one of the strings {Events}.");
    }

    // GetString throws for escapes that do not make text (a lone surrogate such as \ud800).
    private static string? TryGetString(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static FeedbackProblem? ReadNumber(JsonElement element, out double? number)
    {
        number = null;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out double parsed) || !double.IsFinite(parsed))
        {
            return new("value", $"value must be a JSON number such as 4.5 (not a string), between {FeedbackRules.MinRating} and {FeedbackRules.MaxRating}.");
        }

        number = parsed;
        return null;
    }

    private static FeedbackProblem? ReadTimestamp(JsonElement element, out DateTimeOffset? timestamp)
    {
        timestamp = null;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        string earliest = FeedbackRules.MinTimestamp.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (element.ValueKind != JsonValueKind.String || !element.TryGetDateTimeOffset(out DateTimeOffset parsed))
        {
            return new("timestamp", $"timestamp must be an ISO 8601 date and time string such as 2026-11-29T21:00:00Z, no earlier than {earliest}.");
        }

        if (parsed < FeedbackRules.MinTimestamp)
        {
            return new("timestamp", $"timestamp must be no earlier than {earliest} (the earliest time the event table can store).");
        }

        timestamp = parsed;
        return null;
    }
}
