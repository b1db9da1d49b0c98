using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;
using Recommender.Functions.Training;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Training;

[Collection(AzuriteCollection.Name)]
public class RetrainSchedulerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Scheduler_AtEachOccurrence_StartsATimerRunAndWaitsForTheNext()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 25, 2, 59, 0, TimeSpan.Zero));
        var layout = new StorageLayoutOptions { TrainingRunsTable = AzuriteFixture.UniqueTableName("runs") };
        var launcher = new ControlledLauncher();
        var log = new TrainingRunLog(azurite.Tables, layout);
        var options = new TrainingOptions();
        await using var coordinator = new TrainingCoordinator(launcher, log, new TrainingRunLock(azurite.Tables, layout, time), options, time, NullLogger<TrainingCoordinator>.Instance);
        using var scheduler = new RetrainScheduler(Options.Create(new RecommenderOptions { RetrainSchedule = "0 0 3 * * *" }), coordinator, time, NullLogger<RetrainScheduler>.Instance);

        await scheduler.StartAsync(CancellationToken.None);
        Assert.True(await HandlerHost.EventuallyAsync(() => Task.FromResult(time.PendingTimers == 1)), "The scheduler never waited for its first occurrence.");
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero), scheduler.NextDue);
        Assert.Equal(0, launcher.Starts);

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, launcher.Starts);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await HandlerHost.EventuallyAsync(() => Task.FromResult(launcher.Starts == 1 && scheduler.NextDue == new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero))), "The 03:00 occurrence did not start a run.");
        TrainingRun run = Assert.Single(await log.ListAsync(10, CancellationToken.None));
        Assert.Equal(TrainingTrigger.Timer, run.Trigger);
        Assert.Equal(TrainingRunStatus.Running, run.Status);
        await scheduler.StopAsync(CancellationToken.None);
        launcher.End(new TrainingResult(true, "v1", true, "first model"));
    }

    [Fact]
    public async Task Scheduler_WithAnOccurrenceMonthsAway_WaitsForItInsteadOfFailing()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        var layout = new StorageLayoutOptions { TrainingRunsTable = AzuriteFixture.UniqueTableName("runs") };
        var launcher = new ControlledLauncher();
        await using var coordinator = new TrainingCoordinator(launcher, new TrainingRunLog(azurite.Tables, layout), new TrainingRunLock(azurite.Tables, layout, time), new TrainingOptions(), time, NullLogger<TrainingCoordinator>.Instance);
        using var scheduler = new RetrainScheduler(Options.Create(new RecommenderOptions { RetrainSchedule = "0 0 3 1 6 *" }), coordinator, time, NullLogger<RetrainScheduler>.Instance);

        await scheduler.StartAsync(CancellationToken.None);
        Assert.True(await HandlerHost.EventuallyAsync(() => Task.FromResult(time.PendingTimers == 1)), "The scheduler never waited for its first occurrence.");
        Assert.Equal(new DateTimeOffset(2027, 6, 1, 3, 0, 0, TimeSpan.Zero), scheduler.NextDue);
        Assert.True(scheduler.ExecuteTask is { IsCompleted: false }, $"The scheduler stopped: {scheduler.ExecuteTask?.Exception?.GetBaseException().Message}");

        for (int day = 0; day < 200 && launcher.Starts == 0; day++)
        {
            Assert.True(await HandlerHost.EventuallyAsync(() => Task.FromResult(time.PendingTimers == 1 || launcher.Starts > 0)), $"Day {day}: the scheduler is not waiting.");
            time.Advance(TimeSpan.FromDays(1));
        }

        Assert.True(await HandlerHost.EventuallyAsync(() => Task.FromResult(launcher.Starts == 1)), "The June occurrence did not start a run.");
        await scheduler.StopAsync(CancellationToken.None);
        launcher.End(new TrainingResult(true, "v1", true, null));
    }

    [Fact]
    public async Task Host_WithAnInvalidRetrainSchedule_FailsAtStartupNamingTheSetting()
    {
        await using var app = HandlerHost.Build(azurite.ConnectionString, standalone: true, HandlerHost.UniqueLayout(), new Dictionary<string, string?> { ["RetrainSchedule"] = "0 3 * * *" });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("RetrainSchedule '0 3 * * *' is not a six-field NCRONTAB expression", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithAnUnknownTrainingLauncher_FailsAtStartupListingTheChoices()
    {
        await using var app = HandlerHost.Build(azurite.ConnectionString, standalone: true, HandlerHost.UniqueLayout(), new Dictionary<string, string?> { ["TrainingLauncher"] = "kubernetes" });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("TrainingLauncher 'kubernetes' is unknown: use 'process'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'containerapps'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithContainerAppsButNoJobResourceId_FailsAtStartup()
    {
        await using var app = HandlerHost.Build(azurite.ConnectionString, standalone: false, HandlerHost.UniqueLayout(), new Dictionary<string, string?> { ["TrainingLauncher"] = "containerapps", ["TrainingJobResourceId"] = "" });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("TrainingJobResourceId is empty", ex.Message, StringComparison.Ordinal);
    }
}
