using System.Text.Json;

namespace Recommender.Functions.Training;

/// <summary>The timer trigger's value in an invocation payload: {"Schedule":...,"ScheduleStatus":...,"IsPastDue":false}.</summary>
/// <param name="IsPastDue">True when the host fires late (e.g. after downtime).</param>
/// <param name="Next">ScheduleStatus.Next when the host sends it.</param>
public sealed record TimerInfo(bool IsPastDue, DateTimeOffset? Next)
{
    /// <summary>Reads the value, which hosts send as an object or as a JSON string holding the object.</summary>
    public static TimerInfo FromInvocationData(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            using JsonDocument inner = JsonDocument.Parse(value.GetString()!);
            return FromInvocationData(inner.RootElement.Clone());
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"The timer value must be an object, not {value.ValueKind}.");
        }

        bool pastDue = value.TryGetProperty(nameof(IsPastDue), out JsonElement due) && due.ValueKind == JsonValueKind.True;
        DateTimeOffset? next = value.TryGetProperty("ScheduleStatus", out JsonElement status) && status.ValueKind == JsonValueKind.Object
            && status.TryGetProperty(nameof(Next), out JsonElement n) && n.ValueKind == JsonValueKind.String && n.TryGetDateTimeOffset(out DateTimeOffset parsed)
            ? parsed
            : null;
        return new TimerInfo(pastDue, next);
    }
}
