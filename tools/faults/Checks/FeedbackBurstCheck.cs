using System.Diagnostics;
using Azure.Data.Tables;
using Recommender.Core.Feedback;
using Recommender.Tests.TestSupport;

namespace Recommender.Faults.Checks;

/// <summary>N feedback events at many connections, then both feedback tables counted with the storage SDK.</summary>
internal static class FeedbackBurstCheck
{
    public static async Task RunAsync(FaultStack stack, FaultOptions options, FigureTable table)
    {
        string run = "burst-" + Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        FeedbackBurst.Sent sent = await FeedbackBurst.SendAsync(stack.Client, run, options.Events, options.Connections);

        // The queue drains at its own pace; allow a generous bound that still ends.
        var users = new TableClient(stack.Storage.ConnectionString, "feedback");
        var timeline = new TableClient(stack.Storage.ConnectionString, FeedbackTimeline.TableFor("feedback"));
        TimeSpan drainLimit = TimeSpan.FromSeconds(Math.Max(180, options.Events / 20));
        FeedbackBurst.Counted counted = new(0, 0);
        await Poll.UntilAsync(async () => (counted = await FeedbackBurst.CountAsync(users, run)).Distinct >= sent.Accepted, drainLimit);
        TimeSpan logged = clock.Elapsed;
        FeedbackBurst.Counted copied = new(0, 0);
        await Poll.UntilAsync(async () => (copied = await FeedbackBurst.CountTimelineAsync(timeline, run)).Distinct >= sent.Accepted, TimeSpan.FromSeconds(60));

        int lost = options.Events - counted.Distinct;
        int duplicated = counted.Rows - counted.Distinct;
        int timelineLost = options.Events - copied.Distinct;
        int timelineDuplicated = copied.Rows - copied.Distinct;
        table.Add(
            $"Feedback burst at {options.Connections} connections",
            $"{options.Events:N0} events; accepted in {sent.Elapsed.TotalSeconds:0.0} s ({sent.Retried} retries of a 503, {sent.Refused.Count} refused); "
            + $"all logged after {logged.TotalSeconds:0.0} s; lost {lost}, duplicated {duplicated}; timeline lost {timelineLost}, duplicated {timelineDuplicated}",
            sent.Refused.Count == 0 && lost == 0 && duplicated == 0 && timelineLost == 0 && timelineDuplicated == 0);
    }
}
