using Recommender.Functions.Hosting;
using Recommender.Functions.Training;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Training;

[Collection(AzuriteCollection.Name)]
public class TrainingRunLogTests(AzuriteFixture azurite)
{
    private TrainingRunLog NewLog() => new(azurite.Tables, new StorageLayoutOptions { TrainingRunsTable = AzuriteFixture.UniqueTableName("runs") });

    private static TrainingRun Run(string id, int minute) => new()
    {
        Id = id,
        Trigger = TrainingTrigger.Timer,
        Status = TrainingRunStatus.Running,
        StartedAt = new DateTimeOffset(2026, 11, 25, 3, minute, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task List_ReturnsTheLatestRunsFirstAndHonoursTop()
    {
        TrainingRunLog log = NewLog();
        await log.WriteAsync(Run("b", 10), CancellationToken.None);
        await log.WriteAsync(Run("a", 5), CancellationToken.None);
        await log.WriteAsync(Run("c", 20), CancellationToken.None);

        IReadOnlyList<TrainingRun> all = await log.ListAsync(10, CancellationToken.None);
        IReadOnlyList<TrainingRun> two = await log.ListAsync(2, CancellationToken.None);

        Assert.Equal(["c", "b", "a"], all.Select(r => r.Id));
        Assert.Equal(["c", "b"], two.Select(r => r.Id));
    }

    [Fact]
    public async Task Write_SameRunAgain_ReplacesItsRowWithAllFields()
    {
        TrainingRunLog log = NewLog();
        TrainingRun run = Run("r1", 0);
        await log.WriteAsync(run, CancellationToken.None);

        var ended = run with
        {
            Status = TrainingRunStatus.Succeeded,
            EndedAt = run.StartedAt.AddMinutes(3),
            Launcher = "process",
            ExecutionName = "pid 42",
            Version = "20261125T030300Z-abc",
            Promoted = true,
            Message = "beats the live model",
        };
        await log.WriteAsync(ended, CancellationToken.None);

        Assert.Equal(ended, await log.GetAsync("r1", CancellationToken.None));
        Assert.Single(await log.ListAsync(10, CancellationToken.None));
        Assert.Null(await log.GetAsync("no-such-run", CancellationToken.None));
    }
}
