using System.Text.Json;

namespace Recommender.Tests.Infra;

/// <summary>
/// The app settings of local.settings.sample.json and of the function app in Bicep, and the rules that
/// relate them. Use <see cref="MissingFromDeployment"/> with names collected by
/// <see cref="SettingNameCollector"/> to check that every setting the code reads is deployed.
/// </summary>
internal static class AppSettingNames
{
    /// <summary>Connections given as a connection string locally and in identity-based form in Azure (name__property).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> IdentityBasedConnections = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] = ["accountName", "credential", "clientId"],
        ["RecommenderStorage"] = ["blobServiceUri", "queueServiceUri", "tableServiceUri", "credential", "clientId"],
    };

    /// <summary>Settings only the local host stand-in reads (the admin function key); in Azure the host has its own keys.</summary>
    public static readonly IReadOnlySet<string> LocalHostOnly = new HashSet<string>(StringComparer.Ordinal) { "AdminKey" };

    /// <summary>Settings the platform reads (Functions host, Application Insights, Azure.Identity), not the app's options.</summary>
    public static readonly IReadOnlySet<string> PlatformSettings = new HashSet<string>(StringComparer.Ordinal)
    {
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "AZURE_CLIENT_ID",
    };

    /// <summary>On Flex Consumption the worker runtime is functionAppConfig.runtime.name, not an app setting.</summary>
    public const string WorkerRuntimeSetting = "FUNCTIONS_WORKER_RUNTIME";

    /// <summary>The Values of local.settings.sample.json; every value must be a string, as the Functions host requires.</summary>
    public static IReadOnlyDictionary<string, string> LocalSampleValues()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(InfraFiles.LocalSettingsSample));
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty property in doc.RootElement.GetProperty("Values").EnumerateObject())
        {
            values.Add(property.Name, property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw new InvalidDataException($"local.settings.sample.json: {property.Name} must be a string, not {property.Value.ValueKind}."));
        }

        return values;
    }

    /// <summary>The keys of the function app's appsettings resource in infra/modules/function-app.bicep.</summary>
    public static IReadOnlyList<string> BicepFunctionAppSettings()
    {
        BicepResource settings = BicepText.Load(InfraFiles.Module("function-app.bicep")).Resources()
            .Single(r => r.Type == "Microsoft.Web/sites/config" && r.Property("name") == "'appsettings'");
        return BicepText.TopLevelKeys(settings.Property("properties") ?? throw new InvalidDataException("appsettings has no properties."));
    }

    /// <summary>The Bicep app setting names that stand for one local setting under the rules above.</summary>
    public static IReadOnlyList<string> DeployedNamesFor(string localName) =>
        IdentityBasedConnections.TryGetValue(localName, out string[]? parts)
            ? [.. parts.Select(p => $"{localName}__{p}")]
            : [localName];

    /// <summary>Names the code reads that are not in local.settings.sample.json, or not deployed by Bicep.</summary>
    public static IReadOnlyList<string> MissingFromDeployment(IEnumerable<string> namesReadByCode)
    {
        IReadOnlyDictionary<string, string> local = LocalSampleValues();
        var bicep = BicepFunctionAppSettings().ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (string name in namesReadByCode)
        {
            if (!local.ContainsKey(name))
            {
                missing.Add($"{name} (not in local.settings.sample.json)");
            }
            else if (!LocalHostOnly.Contains(name) && name != WorkerRuntimeSetting && !DeployedNamesFor(name).All(bicep.Contains))
            {
                missing.Add($"{name} (not in the Bicep app settings)");
            }
        }

        return missing;
    }
}
