using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Core.Feedback;

/// <summary>
/// <see cref="FeedbackKind"/> in JSON as its lower-case name only. The framework's enum converter would also take
/// numbers and comma lists ("like,dislike"), silently turning a client's mistake into another kind of event.
/// </summary>
public sealed class FeedbackKindJsonConverter : JsonConverter<FeedbackKind>
{
    public override FeedbackKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && FeedbackEventNames.TryParse(reader.GetString(), out FeedbackKind kind))
        {
            return kind;
        }

        throw new JsonException("event must be one of the strings like, dislike, view or rating.");
    }

    public override void Write(Utf8JsonWriter writer, FeedbackKind value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(FeedbackEventNames.Name(value));
    }
}
