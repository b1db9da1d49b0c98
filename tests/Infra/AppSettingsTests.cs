namespace Recommender.Tests.Infra;

public class AppSettingsTests
{
    // platform.md section 6, plus the Functions settings every app needs locally.
    private static readonly string[] _requiredLocalSettings =
    [
        "FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage", "RecommenderStorage", "RetrainSchedule",
        "ModelRefreshSeconds", "AdminKey", "TrainingLauncher", "TrainingJobResourceId",
    ];

    [Fact]
    public void LocalSettingsSample_HoldsThePlatformSettingsWithLocalDefaults()
    {
        IReadOnlyDictionary<string, string> values = AppSettingNames.LocalSampleValues();

        Assert.All(_requiredLocalSettings, name => Assert.True(values.ContainsKey(name), $"{name} is missing."));
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"]);
        Assert.Equal("UseDevelopmentStorage=true", values["RecommenderStorage"]);
        Assert.Equal("0 0 3 * * *", values["RetrainSchedule"]);
        Assert.True(int.TryParse(values["ModelRefreshSeconds"], out int refresh) && refresh > 0);
        Assert.Equal("process", values["TrainingLauncher"]);
        Assert.StartsWith("local-dev-", values["AdminKey"], StringComparison.Ordinal);
    }

    [Fact]
    public void LocalSettingsSample_IsNotEncrypted()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(InfraFiles.LocalSettingsSample));

        Assert.False(doc.RootElement.GetProperty("IsEncrypted").GetBoolean());
    }

    [Fact]
    public void EveryLocalSetting_IsDeployedByBicep()
    {
        var bicep = AppSettingNames.BicepFunctionAppSettings().ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (string name in AppSettingNames.LocalSampleValues().Keys)
        {
            if (AppSettingNames.LocalHostOnly.Contains(name) || name == AppSettingNames.WorkerRuntimeSetting)
            {
                continue;
            }

            missing.AddRange(AppSettingNames.DeployedNamesFor(name).Where(n => !bicep.Contains(n)));
        }

        Assert.True(missing.Count == 0, "Missing from the function app settings in Bicep: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryBicepAppSetting_IsALocalSettingOrAKnownPlatformSetting()
    {
        var known = new HashSet<string>(AppSettingNames.PlatformSettings, StringComparer.Ordinal);
        foreach (string name in AppSettingNames.LocalSampleValues().Keys)
        {
            known.UnionWith(AppSettingNames.DeployedNamesFor(name));
        }

        var unknown = AppSettingNames.BicepFunctionAppSettings().Where(n => !known.Contains(n)).ToList();

        Assert.True(unknown.Count == 0, "Bicep app settings nobody reads: " + string.Join(", ", unknown));
    }

    [Fact]
    public void LocalHostOnlySettings_AreNotDeployed()
    {
        IReadOnlyList<string> bicep = AppSettingNames.BicepFunctionAppSettings();

        Assert.DoesNotContain("AdminKey", bicep);
        Assert.DoesNotContain(AppSettingNames.WorkerRuntimeSetting, bicep);
    }

    [Fact]
    public void MissingFromDeployment_ReportsNamesAbsentFromTheSampleOrFromBicep()
    {
        IReadOnlyList<string> missing = AppSettingNames.MissingFromDeployment(["ModelRefreshSeconds", "RecommenderStorage", "AdminKey", "NoSuchSetting"]);

        Assert.Equal(["NoSuchSetting (not in local.settings.sample.json)"], missing);
    }

    [Fact]
    public void LocalWorkerRuntime_IsTheRuntimeBicepDeploys()
    {
        // Flex Consumption takes the worker runtime from functionAppConfig.runtime, not from an app setting.
        BicepResource site = BicepText.Load(InfraFiles.Module("function-app.bicep")).Resources().Single(r => r.Type == "Microsoft.Web/sites");
        string runtime = BicepText.Property(site.Setting("functionAppConfig")!, "runtime")!;

        Assert.Equal("'" + AppSettingNames.LocalSampleValues()[AppSettingNames.WorkerRuntimeSetting] + "'", BicepText.Property(runtime, "name"));
        Assert.DoesNotContain(AppSettingNames.WorkerRuntimeSetting, AppSettingNames.BicepFunctionAppSettings());
    }
}
