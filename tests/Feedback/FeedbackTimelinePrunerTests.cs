using Azure.Data.Tables;
using Recommender.Core.Feedback;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Feedback;

/// <summary>Pruning the feedback timeline on Azurite: old hours go in transactions of at most 100, recent hours and table feedback stay.</summary>
[Collection(AzuriteCollection.Name)]
public class FeedbackTimelinePrunerTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset _start = new(2026, 11, 20, 8, 15, 0, TimeSpan.Zero);

    [Fact]
    public async Task Prune_DeletesTheHoursBeforeTheCutoffInBatchesOfAHundred_AndKeepsTheRestAndTheUserTable()
    {
        string table = AzuriteFixture.UniqueTableName("feedback");
        var clock = new ManualTimeProvider(_start);
        var log = new FeedbackLog(azurite.Tables, table, clock);

        // Hour 08: 230 events (three transactions); hour 10: 2 events; hour 12 holds the cutoff; hour 13 comes after it.
        await WriteAsync(log, "busy", 230);
        clock.Advance(TimeSpan.FromHours(2));
        await WriteAsync(log, "quiet", 2);
        clock.Advance(TimeSpan.FromHours(2));
        await WriteAsync(log, "cutoff-hour", 3);
        clock.Advance(TimeSpan.FromHours(1));
        await WriteAsync(log, "recent", 4);

        TimelinePruning pruned = await new FeedbackTimelinePruner(azurite.Tables, table).PruneAsync(_start + TimeSpan.FromHours(4.5));

        Assert.Equal(new TimelinePruning(Partitions: 2, Rows: 232, Transactions: 4), pruned);
        Dictionary<string, int> left = await CountByPartitionAsync(FeedbackTimeline.TableFor(table));
        Assert.Equal(new Dictionary<string, int> { ["2026112012"] = 3, ["2026112013"] = 4 }, left);
        Assert.Equal(230 + 2 + 3 + 4, (await CountByPartitionAsync(table)).Values.Sum());
        Assert.Equal(7, await CountAsync(log.ReadSinceAsync(_start)));
    }

    [Fact]
    public async Task Prune_WithNothingOldEnough_DeletesNothing_AndATableNotYetCreatedIsNoError()
    {
        string table = AzuriteFixture.UniqueTableName("feedback");
        var pruner = new FeedbackTimelinePruner(azurite.Tables, table);

        Assert.Equal(default, await pruner.PruneAsync(_start));

        await WriteAsync(new FeedbackLog(azurite.Tables, table, new ManualTimeProvider(_start)), "new", 2);
        Assert.Equal(default, await pruner.PruneAsync(_start));
        Assert.Equal(2, (await CountByPartitionAsync(FeedbackTimeline.TableFor(table)))["2026112008"]);
    }

    private static async Task WriteAsync(FeedbackLog log, string prefix, int count)
    {
        for (int n = 0; n < count; n++)
        {
            await log.WriteAsync(new FeedbackEvent { EventId = $"{prefix}-{n}", UserId = "u" + (n % 7), ItemId = "i" + n, Event = FeedbackKind.View, Timestamp = _start });
        }
    }

    private async Task<Dictionary<string, int>> CountByPartitionAsync(string table)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (TableEntity row in azurite.Tables.GetTableClient(table).QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            counts[row.PartitionKey] = counts.GetValueOrDefault(row.PartitionKey) + 1;
        }

        return counts;
    }

    private static async Task<int> CountAsync(IAsyncEnumerable<FeedbackEvent> events)
    {
        int count = 0;
        await foreach (FeedbackEvent _ in events)
        {
            count++;
        }

        return count;
    }
}
