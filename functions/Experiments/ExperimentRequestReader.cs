using System.Text.Json;
using System.Text.Unicode;
using Recommender.Core.Experiments;

namespace Recommender.Functions.Experiments;

/// <summary>
/// Reads the body of PUT /api/experiments/current strictly: <c>{"variants":[{"version":"...","share":0.5,"name":"..."}]}</c>,
/// field names exactly so, <c>name</c> optional (it defaults to the version), then the rules of
/// <see cref="ExperimentRules"/>. A refusal names the field as a JSON path, for example <c>variants[1].share</c>.
/// </summary>
public static class ExperimentRequestReader
{
    public static bool TryRead(ReadOnlyMemory<byte> body, out IReadOnlyList<ExperimentVariant>? variants, out ExperimentProblem? problem)
    {
        variants = null;
        if (!Utf8.IsValid(body.Span))
        {
            problem = new("body", "The body is not valid UTF-8 text.");
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            problem = new("body", $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
            return false;
        }

        using (document)
        {
            problem = Read(document.RootElement, out variants) ?? ExperimentRules.Check(variants!);
            return problem is null;
        }
    }

    private static ExperimentProblem? Read(JsonElement root, out IReadOnlyList<ExperimentVariant>? variants)
    {
        variants = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new("body", "The body must be a JSON object with the field variants.");
        }

        JsonElement? list = null;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (property.Name != "variants" || list is not null)
            {
                return new(property.Name, $"{property.Name} is not expected here; the body has one field, variants.");
            }

            list = property.Value;
        }

        if (list is not { ValueKind: JsonValueKind.Array } array)
        {
            return new("variants", "variants is required: an array of {\"version\", \"share\", \"name\"?} objects.");
        }

        var read = new List<ExperimentVariant>();
        int index = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            ExperimentProblem? wrong = ReadVariant(item, $"variants[{index}]", out ExperimentVariant? variant);
            if (wrong is not null)
            {
                return wrong;
            }

            read.Add(variant!);
            index++;
        }

        variants = read;
        return null;
    }

    private static ExperimentProblem? ReadVariant(JsonElement item, string path, out ExperimentVariant? variant)
    {
        variant = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            return new(path, $"{path} must be an object with version, share and an optional name.");
        }

        string? version = null, name = null;
        double? share = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in item.EnumerateObject())
        {
            string field = $"{path}.{property.Name}";
            if (!seen.Add(property.Name))
            {
                return new(field, $"{field} appears more than once.");
            }

            switch (property.Name)
            {
                case "version" when property.Value.ValueKind == JsonValueKind.String:
                    version = property.Value.GetString();
                    break;
                case "name" when property.Value.ValueKind == JsonValueKind.String:
                    name = property.Value.GetString();
                    break;
                case "share" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out double number):
                    share = number;
                    break;
                case "version" or "name":
                    return new(field, $"{field} must be a JSON string.");
                case "share":
                    return new(field, $"{field} must be a JSON number greater than 0 and at most 1.");
                default:
                    return new(field, $"{field} is not a field of a variant; the fields are version, share and name.");
            }
        }

        if (version is null)
        {
            return new($"{path}.version", $"{path}.version is required: a model version from GET /api/models.");
        }

        if (share is null)
        {
            return new($"{path}.share", $"{path}.share is required: a number greater than 0 and at most 1.");
        }

        variant = new ExperimentVariant(name ?? version, version, share.Value);
        return null;
    }
}
