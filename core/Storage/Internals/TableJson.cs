using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;

namespace Recommender.Core.Storage.Internals;

/// <summary>Writes and reads table entities as OData JSON, with @odata.type annotations where JSON cannot carry the type.</summary>
internal static class TableJson
{
    internal static byte[] Write(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", entity.PartitionKey);
            writer.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity.Properties)
            {
                WriteProperty(writer, name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    internal static TableEntity Read(JsonElement json)
    {
        string pk = json.TryGetProperty("PartitionKey", out JsonElement p) ? p.GetString() ?? string.Empty : string.Empty;
        string rk = json.TryGetProperty("RowKey", out JsonElement r) ? r.GetString() ?? string.Empty : string.Empty;
        var entity = new TableEntity(pk, rk);
        if (json.TryGetProperty("odata.etag", out JsonElement etag) && etag.GetString() is string e)
        {
            entity.ETag = new ETag(e);
        }

        foreach (JsonProperty property in json.EnumerateObject())
        {
            string name = property.Name;
            if (name is "PartitionKey" or "RowKey" || name.StartsWith("odata.", StringComparison.Ordinal) || name.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            string? type = json.TryGetProperty(name + "@odata.type", out JsonElement t) ? t.GetString() : null;
            object? value = ReadValue(property.Value, type, name);
            if (name == "Timestamp")
            {
                entity.Timestamp = value as DateTimeOffset? ?? ParseDate(property.Value.GetString(), name);
            }
            else if (value is not null)
            {
                entity.SetFromService(name, value);
            }
        }

        return entity;
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString(name, s);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case long l:
                // JSON numbers lose precision above 2^53, so Int64 travels as a string with its type.
                writer.WriteString(name + "@odata.type", "Edm.Int64");
                writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                writer.WriteString(name + "@odata.type", "Edm.Double");
                if (double.IsFinite(d))
                {
                    // Always with a decimal point, so a reader without the annotation still sees a double.
                    string text = d.ToString("R", CultureInfo.InvariantCulture);
                    writer.WritePropertyName(name);
                    writer.WriteRawValue(text.AsSpan().IndexOfAny('.', 'E') < 0 ? text + ".0" : text);
                }
                else
                {
                    writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                break;
            case DateTimeOffset dto:
                writer.WriteString(name + "@odata.type", "Edm.DateTime");
                writer.WriteString(name, dto.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
                break;
            case Guid g:
                writer.WriteString(name + "@odata.type", "Edm.Guid");
                writer.WriteString(name, g.ToString("D"));
                break;
            case byte[] bytes:
                writer.WriteString(name + "@odata.type", "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                break;
            default:
                throw new ArgumentException($"Property '{name}' has unsupported type {value.GetType().Name}.");
        }
    }

    private static object? ReadValue(JsonElement value, string? type, string name)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (type)
        {
            case "Edm.Int64":
                return value.ValueKind == JsonValueKind.String
                    ? long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                    : value.GetInt64();
            case "Edm.Int32":
                return value.ValueKind == JsonValueKind.String ? int.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt32();
            case "Edm.Double":
                return value.ValueKind == JsonValueKind.String
                    ? double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
                    : value.GetDouble();
            case "Edm.DateTime":
                return ParseDate(value.GetString(), name);
            case "Edm.Guid":
                return Guid.Parse(value.GetString()!);
            case "Edm.Binary":
                return value.GetBytesFromBase64();
            case "Edm.Boolean":
                return value.ValueKind == JsonValueKind.String ? bool.Parse(value.GetString()!) : value.GetBoolean();
            default:
                break;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                // Without an annotation, a number written without '.' or exponent is Int32 (the OData default); else Double.
                bool integral = value.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') < 0;
                if (integral && value.TryGetInt32(out int i))
                {
                    return i;
                }

                return integral && value.TryGetInt64(out long l) ? l : (object)value.GetDouble();
            default:
                throw new FormatException($"Table property '{name}' has a {value.ValueKind} value, which the Table service does not store.");
        }
    }

    private static DateTimeOffset ParseDate(string? text, string name) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed)
            ? parsed
            : throw new FormatException($"Table property '{name}' is not a valid Edm.DateTime.");
}
