using System.Text.Json;

namespace Recommender.FunctionsHost.Metadata;

/// <summary>One binding of a function as functions.metadata declares it; <see cref="Json"/> keeps every property.</summary>
internal sealed record FunctionBinding(string Name, string Type, bool IsInput, string? DataType, string Json)
{
    /// <summary>Reads one binding object ({"name", "type", "direction", ...}).</summary>
    public static FunctionBinding Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        string name = String(root, "name") ?? throw new InvalidDataException($"A binding has no name: {json}");
        string type = String(root, "type") ?? throw new InvalidDataException($"Binding '{name}' has no type.");
        string direction = String(root, "direction") ?? "in";
        return new FunctionBinding(name, type, !direction.Equals("out", StringComparison.OrdinalIgnoreCase), String(root, "dataType"), json);
    }

    /// <summary>True for a trigger binding (httpTrigger, queueTrigger, timerTrigger, ...).</summary>
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>A string property of the binding, matched without regard to case, or null.</summary>
    public string? Property(string name)
    {
        using JsonDocument document = JsonDocument.Parse(Json);
        return String(document.RootElement, name);
    }

    /// <summary>A string-array property (such as "methods"), or an empty list.</summary>
    public IReadOnlyList<string> ArrayProperty(string name)
    {
        using JsonDocument document = JsonDocument.Parse(Json);
        if (!TryGet(document.RootElement, name, out JsonElement value) || value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var items = new List<string>();
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                items.Add(item.GetString()!);
            }
        }

        return items;
    }

    private static string? String(JsonElement element, string name) =>
        TryGet(element, name, out JsonElement value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
