using Microsoft.Extensions.Options;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Training;

[Collection(AzuriteCollection.Name)]
public class TrainingSettingsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task App_WithAnInvalidRetrainSchedule_FailsAtStartupNamingTheSetting()
    {
        await using var app = FunctionAppHost.Build(azurite.ConnectionString, FunctionAppHost.UniqueLayout(), new Dictionary<string, string?> { ["RetrainSchedule"] = "0 3 * * *" });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("RetrainSchedule '0 3 * * *' is not a six-field NCRONTAB expression", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_WithAnUnknownTrainingLauncher_FailsAtStartupListingTheChoices()
    {
        await using var app = FunctionAppHost.Build(azurite.ConnectionString, FunctionAppHost.UniqueLayout(), new Dictionary<string, string?> { ["TrainingLauncher"] = "kubernetes" });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("TrainingLauncher 'kubernetes' is unknown: use 'process'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'containerapps'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_WithContainerAppsButNoJobResourceId_FailsAtStartup()
    {
        await using var app = FunctionAppHost.Build(azurite.ConnectionString, FunctionAppHost.UniqueLayout(), new Dictionary<string, string?> { ["TrainingLauncher"] = "containerapps", ["TrainingJobResourceId"] = "" });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("TrainingJobResourceId is empty", ex.Message, StringComparison.Ordinal);
    }
}
