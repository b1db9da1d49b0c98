using Recommender.Functions.Hosting;
using Recommender.Functions.Training;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Training;

[Collection(AzuriteCollection.Name)]
public class TrainingRunLockTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan _lease = TimeSpan.FromHours(2);

    private async Task<(TrainingRunLock Lock, ManualTimeProvider Time)> CreateAsync()
    {
        var layout = new StorageLayoutOptions { TrainingRunsTable = AzuriteFixture.UniqueTableName("runs") };
        await azurite.Tables.CreateTableIfNotExistsAsync(layout.TrainingRunsTable);
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
        return (new TrainingRunLock(azurite.Tables, layout, time), time);
    }

    [Fact]
    public async Task TryAcquire_WhileAnotherRunHoldsIt_IsRefusedAndNamesTheHolder()
    {
        var (runLock, _) = await CreateAsync();

        LockAttempt first = await runLock.TryAcquireAsync("run-a", _lease, CancellationToken.None);
        LockAttempt second = await runLock.TryAcquireAsync("run-b", _lease, CancellationToken.None);

        Assert.True(first.Acquired);
        Assert.False(second.Acquired);
        Assert.Equal("run-a", second.HolderRunId);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 5, 0, 0, TimeSpan.Zero), second.ExpiresAt);
    }

    [Fact]
    public async Task TryAcquire_AfterTheLeaseExpired_TakesItOver()
    {
        var (runLock, time) = await CreateAsync();
        Assert.True((await runLock.TryAcquireAsync("crashed-run", _lease, CancellationToken.None)).Acquired);

        time.Advance(_lease + TimeSpan.FromSeconds(1));
        LockAttempt next = await runLock.TryAcquireAsync("next-run", _lease, CancellationToken.None);

        Assert.True(next.Acquired);
        Assert.Equal("next-run", next.HolderRunId);
    }

    [Fact]
    public async Task Release_ByTheHolder_FreesItAndByAnotherRun_DoesNot()
    {
        var (runLock, _) = await CreateAsync();
        Assert.True((await runLock.TryAcquireAsync("run-a", _lease, CancellationToken.None)).Acquired);

        await runLock.ReleaseAsync("not-the-holder", CancellationToken.None);
        bool takenWhileHeld = (await runLock.TryAcquireAsync("run-b", _lease, CancellationToken.None)).Acquired;
        await runLock.ReleaseAsync("run-a", CancellationToken.None);
        bool takenAfterRelease = (await runLock.TryAcquireAsync("run-c", _lease, CancellationToken.None)).Acquired;

        Assert.False(takenWhileHeld);
        Assert.True(takenAfterRelease);
    }

    [Fact]
    public async Task TryAcquire_ManyRunsAtOnce_ExactlyOneWins()
    {
        var (runLock, _) = await CreateAsync();

        LockAttempt[] attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => runLock.TryAcquireAsync($"run-{i}", _lease, CancellationToken.None)));

        LockAttempt winner = Assert.Single(attempts, a => a.Acquired);
        Assert.All(attempts.Where(a => !a.Acquired), a => Assert.Equal(winner.HolderRunId, a.HolderRunId));
    }

    [Fact]
    public async Task TryAcquire_ManyRunsAtOnceOnAnExpiredLease_ExactlyOneWins()
    {
        var (runLock, time) = await CreateAsync();
        Assert.True((await runLock.TryAcquireAsync("crashed-run", _lease, CancellationToken.None)).Acquired);
        time.Advance(_lease * 2);

        LockAttempt[] attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => runLock.TryAcquireAsync($"run-{i}", _lease, CancellationToken.None)));

        Assert.Single(attempts, a => a.Acquired);
    }
}
