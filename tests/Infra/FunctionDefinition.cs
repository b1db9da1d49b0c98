using System.Text.Json;

namespace Recommender.Tests.Infra;

/// <summary>One function as the worker SDK declares it in functions.metadata: its name and its bindings.</summary>
internal sealed record FunctionDefinition(string Name, string EntryPoint, IReadOnlyList<JsonElement> Bindings)
{
    /// <summary>Every function in the built app's functions.metadata, sorted by name.</summary>
    public static IReadOnlyList<FunctionDefinition> LoadAll()
    {
        string path = InfraFiles.FunctionsMetadata;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{InfraFiles.Relative(path)} does not exist: build the solution first (dotnet build Serverless.sln).");
        }

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        var list = new List<FunctionDefinition>();
        foreach (JsonElement function in doc.RootElement.EnumerateArray())
        {
            if (!function.TryGetProperty("bindings", out JsonElement bindings) || bindings.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{Text(function, "name")} has no \"bindings\" array.");
            }

            list.Add(new FunctionDefinition(Text(function, "name")!, Text(function, "entryPoint")!, [.. bindings.EnumerateArray().Select(b => b.Clone())]));
        }

        return [.. list.OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>The single input binding whose type ends in "Trigger".</summary>
    public JsonElement Trigger => Bindings.Single(b => Is(b, "direction", "in") && Text(b, "type")?.EndsWith("Trigger", StringComparison.Ordinal) == true);

    public string TriggerType => Text(Trigger, "type")!;

    /// <summary>The string value of a binding property, or null when absent or not a string.</summary>
    public static string? Text(JsonElement binding, string name) =>
        binding.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Whether a property equals a value, ignoring case (the metadata writes "In", "Anonymous").</summary>
    public static bool Is(JsonElement binding, string name, string expected) =>
        string.Equals(Text(binding, name), expected, StringComparison.OrdinalIgnoreCase);
}
