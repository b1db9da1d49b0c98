using System.Reflection;

namespace Recommender.Tests.Infra;

/// <summary>
/// Collects the configuration keys an options type binds: its public settable properties, named by
/// [ConfigurationKeyName] where present, prefixed by the section ("Section__Key", the app-setting form).
/// Matched by attribute name so the tests need no Microsoft.Extensions.Configuration reference.
/// </summary>
internal static class SettingNameCollector
{
    public static IReadOnlyList<string> FromOptions(Type optionsType, string? section = null)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        var names = new List<string>();
        foreach (PropertyInfo property in optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null || !property.SetMethod.IsPublic)
            {
                continue;
            }

            string key = KeyNameOf(property) ?? property.Name;
            names.Add(string.IsNullOrEmpty(section) ? key : $"{section}__{key}");
        }

        return names;
    }

    private static string? KeyNameOf(PropertyInfo property)
    {
        foreach (object attribute in property.GetCustomAttributes(inherit: true))
        {
            if (attribute.GetType().Name == "ConfigurationKeyNameAttribute")
            {
                return attribute.GetType().GetProperty("Name")?.GetValue(attribute) as string;
            }
        }

        return null;
    }
}
