using Azure.Data.Tables;
using Recommender.Core.Feedback;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Feedback;

/// <summary>The feedback log on Azurite: one row per event by user, and a time-ordered copy read by key range.</summary>
[Collection(AzuriteCollection.Name)]
public class FeedbackLogTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset _start = new(2026, 11, 29, 22, 50, 0, TimeSpan.Zero);

    [Fact]
    public void TheIncrementalReadFilter_IsAKeyRangeOnTheTimeline_NotATimestampScan()
    {
        string filter = FeedbackTimeline.SinceFilter(_start);

        Assert.Equal($"PartitionKey ge '2026112922' and RowKey ge '{_start.UtcTicks:D19}'", filter);
        Assert.DoesNotContain("Timestamp", filter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadSince_ReturnsOnlyEventsLoggedFromItsTimeOn()
    {
        var clock = new ManualTimeProvider(_start);
        FeedbackLog log = NewLog(clock, out _);
        await log.WriteAsync(Event("before", "u1"));
        clock.Advance(TimeSpan.FromHours(2));
        await log.WriteAsync(Event("after", "u1"));

        List<FeedbackEvent> since = await ToListAsync(log.ReadSinceAsync(_start + TimeSpan.FromHours(1)));
        List<FeedbackEvent> user = await ToListAsync(log.ReadUserAsync("u1"));

        Assert.Equal("after", Assert.Single(since).EventId);
        Assert.Equal(["after", "before"], user.Select(e => e.EventId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARedeliveredEvent_LeavesOneUserRowAndOneTimelineRow()
    {
        var clock = new ManualTimeProvider(_start);
        FeedbackLog log = NewLog(clock, out string table);
        FeedbackEvent e = Event("once", "u2");

        Assert.True(await log.WriteAsync(e));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await log.WriteAsync(e));

        Assert.Single(await RowsAsync(table));
        Assert.Single(await RowsAsync(FeedbackTimeline.TableFor(table)));
    }

    [Fact]
    public async Task ARedeliveryAfterAnInterruptedWrite_PutsTheEventOnTheTimelineAtTheRedeliveryTime()
    {
        var clock = new ManualTimeProvider(_start);
        FeedbackLog log = NewLog(clock, out string table);
        FeedbackEvent e = Event("interrupted", "u3");
        await log.WriteAsync(e);

        // As if the first delivery stopped after the user row: its timeline row is missing.
        TableClient timeline = azurite.Tables.GetTableClient(FeedbackTimeline.TableFor(table));
        TableEntity copy = Assert.Single(await RowsAsync(timeline.Name));
        await timeline.DeleteEntityAsync(copy.PartitionKey, copy.RowKey);
        clock.Advance(TimeSpan.FromHours(1));

        Assert.False(await log.WriteAsync(e));
        Assert.Equal("interrupted", Assert.Single(await ToListAsync(log.ReadSinceAsync(_start + TimeSpan.FromMinutes(30)))).EventId);
        Assert.False(await log.WriteAsync(e));
        Assert.Single(await RowsAsync(timeline.Name));
    }

    private FeedbackLog NewLog(TimeProvider clock, out string table)
    {
        table = AzuriteFixture.UniqueTableName("feedback");
        return new FeedbackLog(azurite.Tables, table, clock);
    }

    private async Task<List<TableEntity>> RowsAsync(string table)
    {
        var rows = new List<TableEntity>();
        await foreach (TableEntity row in azurite.Tables.GetTableClient(table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    private static FeedbackEvent Event(string id, string user, string item = "movie-1") =>
        new() { EventId = id, UserId = user, ItemId = item, Event = FeedbackKind.Like, Timestamp = _start };

    internal static async Task<List<FeedbackEvent>> ToListAsync(IAsyncEnumerable<FeedbackEvent> events)
    {
        var list = new List<FeedbackEvent>();
        await foreach (FeedbackEvent e in events)
        {
            list.Add(e);
        }

        return list;
    }
}
