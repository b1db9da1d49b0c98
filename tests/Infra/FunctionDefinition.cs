using System.Text.Json;

namespace Recommender.Tests.Infra;

/// <summary>One function folder under functions/Bindings: its name and the bindings of its function.json.</summary>
internal sealed record FunctionDefinition(string Name, string Path, IReadOnlyList<JsonElement> Bindings)
{
    /// <summary>Every function folder, sorted by name; fails on a folder without a parseable function.json.</summary>
    public static IReadOnlyList<FunctionDefinition> LoadAll()
    {
        var list = new List<FunctionDefinition>();
        foreach (string dir in Directory.GetDirectories(InfraFiles.FunctionBindings).Order(StringComparer.Ordinal))
        {
            string path = System.IO.Path.Combine(dir, "function.json");
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{InfraFiles.Relative(dir)} has no function.json.");
            }

            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            if (!doc.RootElement.TryGetProperty("bindings", out JsonElement bindings) || bindings.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{InfraFiles.Relative(path)} has no \"bindings\" array.");
            }

            list.Add(new FunctionDefinition(System.IO.Path.GetFileName(dir), path, [.. bindings.EnumerateArray().Select(b => b.Clone())]));
        }

        return list;
    }

    /// <summary>The single input binding whose type ends in "Trigger".</summary>
    public JsonElement Trigger => Bindings.Single(b => Text(b, "direction") == "in" && Text(b, "type")?.EndsWith("Trigger", StringComparison.Ordinal) == true);

    public string TriggerType => Text(Trigger, "type")!;

    /// <summary>The string value of a binding property, or null when absent or not a string.</summary>
    public static string? Text(JsonElement binding, string name) =>
        binding.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
