using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Recommender.Core.Feedback;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions;

/// <summary>The PruneFeedbackTimeline timer function against Azurite, with the retention from its app setting.</summary>
[Collection(AzuriteCollection.Name)]
public class PruneFeedbackTimelineFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TimerInvocation_DeletesTimelineHoursOlderThanTheRetentionSetting_AndLeavesTableFeedbackWhole()
    {
        await using var host = await FunctionAppHost.StartAsync(azurite, settings: new Dictionary<string, string?> { ["FeedbackTimelineRetentionDays"] = "1" });
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string table = host.Layout.FeedbackTable;
        await WriteAtAsync(table, now - TimeSpan.FromHours(30), "old");
        await WriteAtAsync(table, now - TimeSpan.FromHours(20), "recent");

        await host.RunPruneFeedbackTimelineAsync();

        List<TableEntity> timeline = await RowsAsync(FeedbackTimeline.TableFor(table));
        Assert.Equal([FeedbackTimeline.Partition(now - TimeSpan.FromHours(20))], timeline.Select(r => r.PartitionKey).Distinct());
        Assert.Equal(["recent"], timeline.Select(r => r.GetString("EventId")));
        Assert.Equal(["old", "recent"], (await RowsAsync(table)).Select(r => r.RowKey).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("0", "FeedbackTimelineRetentionDays is 0: it must be a whole number of days from 1 to 3650.")]
    [InlineData("1", "FeedbackTimelineRetentionDays (1) must be longer than FeedbackCacheSeconds plus the 5-minute read overlap")]
    public async Task App_WithARetentionShorterThanWhatReadersReadBack_FailsAtStartup(string days, string expected)
    {
        var settings = new Dictionary<string, string?> { ["FeedbackTimelineRetentionDays"] = days, ["FeedbackCacheSeconds"] = "90000" };
        await using var app = FunctionAppHost.Build(azurite.ConnectionString, FunctionAppHost.UniqueLayout(), settings);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private async Task WriteAtAsync(string table, DateTimeOffset at, string eventId) =>
        await new FeedbackLog(azurite.Tables, table, new ManualTimeProvider(at))
            .WriteAsync(new FeedbackEvent { EventId = eventId, UserId = "u1", ItemId = "i-" + eventId, Event = FeedbackKind.Like, Timestamp = at });

    private async Task<List<TableEntity>> RowsAsync(string table)
    {
        var rows = new List<TableEntity>();
        await foreach (TableEntity row in azurite.Tables.GetTableClient(table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
