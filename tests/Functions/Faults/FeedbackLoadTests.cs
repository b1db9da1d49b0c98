using System.Diagnostics;
using Azure.Data.Tables;
using Recommender.Core.Feedback;
using Recommender.Tests.TestSupport;
using Xunit.Abstractions;

namespace Recommender.Tests.Functions.Faults;

/// <summary>
/// A burst of feedback at 64 connections through the real stack (<see cref="FeedbackBurst"/>), then both tables counted
/// with the storage SDK: every accepted event is one row per user and one on the timeline, none lost, none twice.
/// </summary>
[Collection(FaultAppCollection.Name)]
public class FeedbackLoadTests(FaultAppFixture app, ITestOutputHelper output)
{
    private const int Connections = 64;

    // 2,000 in ./test.sh; the fault runner (tools/faults) sends 20,000.
    private static readonly int _events = int.TryParse(Environment.GetEnvironmentVariable("RECOMMENDER_FAULT_EVENTS"), out int events) && events > 0 ? events : 2000;

    [Fact]
    public async Task ABurstOfFeedbackAt64Connections_LeavesOneRowPerEvent()
    {
        string run = "load-" + Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        FeedbackBurst.Sent sent = await FeedbackBurst.SendAsync(app.Client, run, _events, Connections);
        Assert.True(sent.Refused.Count == 0, $"{sent.Refused.Count} events were not accepted: {string.Join(", ", sent.Refused.Take(10))}\n" + app.App.Log[^Math.Min(app.App.Log.Length, 6000)..]);

        var table = new TableClient(app.DirectConnectionString, "feedback");
        var timeline = new TableClient(app.DirectConnectionString, FeedbackTimeline.TableFor("feedback"));
        FeedbackBurst.Counted counted = new(0, 0);
        bool drained = await Poll.UntilAsync(async () => (counted = await FeedbackBurst.CountAsync(table, run)).Rows >= _events, TimeSpan.FromMinutes(3));
        clock.Stop();

        // The timeline copy is written just after the user row, so it may trail it by a moment.
        FeedbackBurst.Counted copied = new(0, 0);
        await Poll.UntilAsync(async () => (copied = await FeedbackBurst.CountTimelineAsync(timeline, run)).Rows >= _events, TimeSpan.FromSeconds(30));

        int lost = _events - counted.Distinct;
        int duplicated = counted.Rows - counted.Distinct;
        output.WriteLine($"{_events} events at {Connections} connections: accepted in {sent.Elapsed.TotalSeconds:0.0} s ({sent.Retried} retries), all logged after {clock.Elapsed.TotalSeconds:0.0} s; lost {lost}, duplicated {duplicated}; timeline {copied.Distinct} events in {copied.Rows} rows");
        Assert.True(drained, $"only {counted.Distinct} of {_events} events reached the table:\n" + app.App.Log[^Math.Min(app.App.Log.Length, 4000)..]);
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicated);
        Assert.Equal(_events, copied.Distinct);
        Assert.Equal(_events, copied.Rows);
    }
}
