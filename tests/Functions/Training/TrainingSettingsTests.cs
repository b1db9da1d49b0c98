using Microsoft.Extensions.Options;
using Recommender.Functions.Training;
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

    [Theory]
    [InlineData("--allow-drift; rm -rf /", "argument 1 ('--allow-drift;')")]
    [InlineData("--allow-drift $(reboot)", "argument 2 ('$(reboot)')")]
    [InlineData("--id-pattern \"a b\"", "argument 2 ('\"a')")]
    [InlineData("--allow-drift @/etc/passwd", "argument 2 ('@/etc/passwd')")]
    [InlineData("--allow-drift\n--factors 8", "argument 1 ('--allow-drift\\u000a--factors')")]
    public async Task App_WithUnsafeTrainingExtraArguments_FailsAtStartupNamingTheArgument(string value, string named)
    {
        await using var app = FunctionAppHost.Build(azurite.ConnectionString, FunctionAppHost.UniqueLayout(), new Dictionary<string, string?> { ["TrainingExtraArguments"] = value });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("TrainingExtraArguments " + named + " may only hold letters, digits and", ex.Message, StringComparison.Ordinal);
        Assert.Contains("without a shell", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evaluate --allow-drift", "must start with an option of 'training-job train'")]
    [InlineData("--allow-drift --ratings blob:other/ratings.csv", "may not set --ratings: the launcher sets it")]
    [InlineData("--models-container=elsewhere", "may not set --models-container")]
    public void TrainingExtraArguments_ThatWouldReplaceTheCommandOrTheLaunchersOwnOptions_AreRefused(string value, string expected)
    {
        Assert.False(TrainingExtraArguments.TryParse(value, out IReadOnlyList<string> arguments, out string? error));

        Assert.Empty(arguments);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--from-live --tune 600", new[] { "--from-live", "--tune", "600" })]
    [InlineData("--allow-drift\t--recency-half-life 5", new[] { "--allow-drift", "--recency-half-life", "5" })]
    [InlineData("--max-popularity-psi=0.3 --weighting binary", new[] { "--max-popularity-psi=0.3", "--weighting", "binary" })]
    public void TrainingExtraArguments_OfTrainOptions_AreSplitIntoOneArgumentEach(string value, string[] expected)
    {
        Assert.True(TrainingExtraArguments.TryParse(value, out IReadOnlyList<string> arguments, out string? error), error);

        Assert.Equal(expected, arguments);
    }

    [Fact]
    public void TrainingExtraArguments_Blank_AreNoArguments_AndTooManyAreRefused()
    {
        Assert.True(TrainingExtraArguments.TryParse("  ", out IReadOnlyList<string> none, out _));
        Assert.Empty(none);
        Assert.True(TrainingExtraArguments.TryParse(null, out _, out _));

        string tooMany = string.Join(' ', Enumerable.Repeat("--allow-drift", TrainingExtraArguments.MaxArguments + 1));
        Assert.False(TrainingExtraArguments.TryParse(tooMany, out _, out string? error));
        Assert.Contains($"at most {TrainingExtraArguments.MaxArguments}", error, StringComparison.Ordinal);
        Assert.False(TrainingExtraArguments.TryParse("--a " + new string('x', TrainingExtraArguments.MaxLength), out _, out string? longError));
        Assert.Contains($"at most {TrainingExtraArguments.MaxLength}", longError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_WithTrainingExtraArgumentsAndTheContainerAppsLauncher_FailsAtStartup()
    {
        var settings = new Dictionary<string, string?>
        {
            ["TrainingLauncher"] = "containerapps",
            ["TrainingJobResourceId"] = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/jobs/job-train",
            ["TrainingExtraArguments"] = "--allow-drift",
        };
        await using var app = FunctionAppHost.Build(azurite.ConnectionString, FunctionAppHost.UniqueLayout(), settings);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("TrainingExtraArguments applies to the 'process' launcher only", ex.Message, StringComparison.Ordinal);
        Assert.Contains("trainingArgs", ex.Message, StringComparison.Ordinal);
    }
}
