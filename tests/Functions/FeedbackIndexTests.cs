using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Recommender.Core.Feedback;
using Recommender.Functions.Feedback;
using Recommender.Functions.Hosting;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions;

/// <summary>The in-memory feedback index kept current from the feedback timeline on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public class FeedbackIndexTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset _start = new(2026, 11, 29, 22, 0, 0, TimeSpan.Zero);
    private static readonly IOptions<RecommenderOptions> _settings = Options.Create(new RecommenderOptions());

    [Fact]
    public async Task AnEventStampedBeforeTheLastRefresh_ButWithinTheOverlap_IsStillRead()
    {
        string table = AzuriteFixture.UniqueTableName("feedback");
        var readerClock = new ManualTimeProvider(_start);
        var writerClock = new ManualTimeProvider(_start);
        var writer = new FeedbackLog(azurite.Tables, table, writerClock);
        using var index = new FeedbackIndex(new FeedbackLog(azurite.Tables, table, readerClock), readerClock, _settings, NullLogger<FeedbackIndex>.Instance);
        await writer.WriteAsync(Like("first", "movie-1"));
        await index.RefreshAsync();
        readerClock.Advance(TimeSpan.FromMinutes(10));
        await index.RefreshAsync();

        // A writer whose clock lags (or whose write was slow to land) stamps the event before the reader's last read.
        writerClock.Advance(TimeSpan.FromMinutes(10) - FeedbackIndex.Overlap / 2);
        await writer.WriteAsync(Like("late", "movie-2"));
        readerClock.Advance(TimeSpan.FromMinutes(1));
        await index.RefreshAsync();

        UserFeedback feedback = await index.GetAsync("u1");
        Assert.Contains("movie-1", feedback.Strengths.Keys);
        Assert.Contains("movie-2", feedback.Strengths.Keys);
    }

    [Fact]
    public async Task AnEventLoggedAfterTheFirstLoad_IsReadByTheNextRefresh()
    {
        string table = AzuriteFixture.UniqueTableName("feedback");
        var clock = new ManualTimeProvider(_start);
        var log = new FeedbackLog(azurite.Tables, table, clock);
        using var index = new FeedbackIndex(log, clock, _settings, NullLogger<FeedbackIndex>.Instance);
        Assert.Empty((await index.GetAsync("u1")).Strengths);

        clock.Advance(TimeSpan.FromHours(3));
        await log.WriteAsync(Like("new", "movie-3") with { Event = FeedbackKind.Dislike });
        await index.RefreshAsync();

        Assert.Contains("movie-3", (await index.GetAsync("u1")).DislikedItems);
    }

    [Fact]
    public async Task AfterRefreshesFailedForLongerThanTheTimelineKeepsItsHours_TheNextRefreshReadsTheUserTableInFull()
    {
        string table = AzuriteFixture.UniqueTableName("feedback");
        var clock = new ManualTimeProvider(_start);
        var log = new FeedbackLog(azurite.Tables, table, clock);
        using var index = new FeedbackIndex(log, clock, _settings, NullLogger<FeedbackIndex>.Instance);
        await index.RefreshAsync();

        // An event logged just after the last successful read, whose hour the timeline has pruned since.
        clock.Advance(TimeSpan.FromMinutes(1));
        await log.WriteAsync(Like("missed", "movie-4"));
        clock.Advance(TimeSpan.FromDays(_settings.Value.FeedbackTimelineRetentionDays) + TimeSpan.FromHours(2));
        await new FeedbackTimelinePruner(azurite.Tables, table).PruneAsync(clock.GetUtcNow() - TimeSpan.FromDays(_settings.Value.FeedbackTimelineRetentionDays));
        Assert.Empty(await ToListAsync(log.ReadSinceAsync(_start)));
        await index.RefreshAsync();

        Assert.Contains("movie-4", (await index.GetAsync("u1")).Strengths.Keys);
    }

    private static async Task<List<FeedbackEvent>> ToListAsync(IAsyncEnumerable<FeedbackEvent> events)
    {
        var list = new List<FeedbackEvent>();
        await foreach (FeedbackEvent e in events)
        {
            list.Add(e);
        }

        return list;
    }

    private static FeedbackEvent Like(string id, string item) =>
        new() { EventId = id, UserId = "u1", ItemId = item, Event = FeedbackKind.Like, Timestamp = _start };
}
