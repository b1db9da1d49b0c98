using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Functions.Training;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Training;

[Collection(AzuriteCollection.Name)]
public class NightlyRetrainFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TimerInvocation_StartsATimerRunAndRecordsItsOutcome()
    {
        var launcher = new ControlledLauncher();
        await using var host = await TrainingHost.StartAsync(azurite, configure: TrainingHost.WithLauncher(launcher));

        await host.RunNightlyRetrainAsync();

        TrainingRun run = Assert.Single(await host.Runs.ListAsync(10, CancellationToken.None));
        Assert.Equal(TrainingTrigger.Timer, run.Trigger);
        Assert.Equal(TrainingRunStatus.Running, run.Status);
        Assert.Equal(1, launcher.Starts);

        launcher.End(new TrainingResult(true, "v2", true, "beats the live model"));
        TrainingRun ended = await host.WaitForEndAsync(run.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(TrainingRunStatus.Succeeded, ended.Status);
        Assert.Equal("v2", ended.Version);
        Assert.True(ended.Promoted);
        Assert.NotNull(ended.EndedAt);
    }

    [Fact]
    public async Task TimerInvocation_WhileARunIsInProgress_IsRecordedAsSkippedAndStartsNothing()
    {
        var launcher = new ControlledLauncher();
        await using var host = await TrainingHost.StartAsync(azurite, configure: TrainingHost.WithLauncher(launcher));
        await host.RunNightlyRetrainAsync();

        await host.RunNightlyRetrainAsync();

        Assert.Equal(1, launcher.Starts);
        IReadOnlyList<TrainingRun> runs = await host.Runs.ListAsync(10, CancellationToken.None);
        Assert.Equal([TrainingRunStatus.Skipped, TrainingRunStatus.Running], runs.Select(r => r.Status));
        Assert.Contains(runs[1].Id, runs[0].Message, StringComparison.Ordinal);
        launcher.End(new TrainingResult(true, "v1", true, null));
    }

    [Fact]
    public async Task TimerInvocation_AfterTheRunEnded_StartsANewRun()
    {
        var launcher = new ControlledLauncher();
        await using var host = await TrainingHost.StartAsync(azurite, configure: TrainingHost.WithLauncher(launcher));
        await host.RunNightlyRetrainAsync();
        TrainingRun firstRun = Assert.Single(await host.Runs.ListAsync(10, CancellationToken.None));
        launcher.End(TrainingResult.Failure("out of memory"));
        Assert.Equal(TrainingRunStatus.Failed, (await host.WaitForEndAsync(firstRun.Id, TimeSpan.FromSeconds(30))).Status);

        await host.RunNightlyRetrainAsync(isPastDue: true);

        Assert.Equal(2, launcher.Starts);
        Assert.Equal(2, (await host.Runs.ListAsync(10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task TimerInvocation_WhenTheLauncherFails_FailsTheInvocationAndRecordsTheRunAsFailed()
    {
        var launcher = new ControlledLauncher { FailToStart = "the job does not exist" };
        await using var host = await TrainingHost.StartAsync(azurite, configure: TrainingHost.WithLauncher(launcher));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.RunNightlyRetrainAsync());

        Assert.Contains("the job does not exist", ex.Message, StringComparison.Ordinal);
        TrainingRun run = Assert.Single(await host.Runs.ListAsync(10, CancellationToken.None));
        Assert.Equal(TrainingRunStatus.Failed, run.Status);
    }
}
