using System.Collections;
using System.Text.Json;

namespace Recommender.FunctionsHost.Configuration;

/// <summary>
/// The app settings, as the Functions host sees them: every environment variable, on top of the "Values" of an
/// optional local.settings.json. They are also the worker's environment.
/// </summary>
internal sealed class AppSettings
{
    private readonly Dictionary<string, string> _values;

    public AppSettings(IReadOnlyDictionary<string, string> values) => _values = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string> Values => _values;

    public static AppSettings Load(string? settingsFile)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(settingsFile))
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(settingsFile));
            if (document.RootElement.TryGetProperty(nameof(Values), out JsonElement settings))
            {
                foreach (JsonProperty setting in settings.EnumerateObject())
                {
                    values[setting.Name] = setting.Value.ValueKind == JsonValueKind.String ? setting.Value.GetString()! : setting.Value.GetRawText();
                }
            }
        }

        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            values[(string)variable.Key] = (string?)variable.Value ?? "";
        }

        return new AppSettings(values);
    }

    public string? this[string name] => _values.TryGetValue(name, out string? value) ? value : null;

    /// <summary>Replaces a binding expression <c>%Name%</c> with the app setting; fails clearly when it is missing.</summary>
    public string Resolve(string expression)
    {
        if (expression.Length > 2 && expression[0] == '%' && expression[^1] == '%')
        {
            string name = expression[1..^1];
            return this[name] ?? throw new InvalidOperationException($"The app setting '{name}' ({expression}) is not set.");
        }

        return expression;
    }
}
