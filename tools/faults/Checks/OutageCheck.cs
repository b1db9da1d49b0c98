using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using Recommender.Tests.TestSupport;

namespace Recommender.Faults.Checks;

/// <summary>
/// Storage stopped and started again, or frozen (SIGSTOP) and resumed, under light load (a feedback event and a
/// recommendation request every 200 ms). Feedback must answer 503 within 10 s and be accepted again by itself after
/// storage returns; recommendations keep being served from the cached model; no other 5xx; no accepted event lost.
/// </summary>
internal static class OutageCheck
{
    private static readonly TimeSpan _unavailableWithin = TimeSpan.FromSeconds(10);

    public enum Fault
    {
        Stopped,
        Frozen,
    }

    /// <summary>One request of the light load; feedback events carry item "item-{Index}".</summary>
    private sealed record Sample(bool Feedback, int Index, TimeSpan At, TimeSpan Took, int Status);

    public static async Task RunAsync(FaultStack stack, FaultOptions options, FigureTable table, Fault fault)
    {
        string run = (fault == Fault.Stopped ? "stop-" : "freeze-") + Guid.NewGuid().ToString("N")[..8];
        var samples = new ConcurrentQueue<Sample>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        Task load = LightLoadAsync(stack, run, samples, clock, stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(3));
        TimeSpan faultAt = clock.Elapsed;
        if (fault == Fault.Stopped)
        {
            stack.Storage.Stop();
        }
        else
        {
            stack.Storage.Freeze();
        }

        await Task.Delay(TimeSpan.FromSeconds(options.OutageSeconds));
        TimeSpan recoverAt = clock.Elapsed;
        if (fault == Fault.Stopped)
        {
            stack.Storage.Restart();
        }
        else
        {
            stack.Storage.Thaw();
        }

        bool recovered = await Poll.UntilAsync(() => Task.FromResult(samples.Any(s => s.Feedback && s.Status == 202 && s.At >= recoverAt)), TimeSpan.FromSeconds(90));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await load;

        Sample[] all = [.. samples];
        Sample? firstUnavailable = all.FirstOrDefault(s => s.Feedback && s.Status == 503 && s.At >= faultAt);
        TimeSpan? unavailableAfter = firstUnavailable is null ? null : firstUnavailable.At + firstUnavailable.Took - faultAt;
        Sample? firstAccepted = all.FirstOrDefault(s => s.Feedback && s.Status == 202 && s.At >= recoverAt);
        TimeSpan? acceptedAfter = firstAccepted is null ? null : firstAccepted.At + firstAccepted.Took - recoverAt;
        TimeSpan slowest = all.Where(s => s.Feedback && s.At >= faultAt && s.At < recoverAt).Select(s => s.Took).DefaultIfEmpty().Max();
        Sample[] recommendations = [.. all.Where(s => !s.Feedback && s.At >= faultAt && s.At < recoverAt)];
        int served = recommendations.Count(s => s.Status == 200);
        int otherFailures = all.Count(s => s.Status == 0 || (s.Status >= 500 && s.Status != 503));
        string[] accepted = [.. all.Where(s => s.Feedback && s.Status == 202).Select(s => $"item-{s.Index}")];

        // Lost: accepted and never logged. An event answered 503 may still be logged: its enqueue outlived the request's
        // deadline and landed when storage came back; a client retrying with the same eventId leaves one row anyway.
        var users = new TableClient(stack.Storage.ConnectionString, "feedback");
        HashSet<string> logged = [];
        await Poll.UntilAsync(async () => (logged = await LoggedItemsAsync(users, run)).IsSupersetOf(accepted), TimeSpan.FromSeconds(60));
        int lost = accepted.Count(item => !logged.Contains(item));
        int loggedAfter503 = logged.Count - (accepted.Length - lost);

        string name = fault == Fault.Stopped
            ? $"Storage stopped {options.OutageSeconds} s, then restarted"
            : $"Storage frozen (SIGSTOP) {options.OutageSeconds} s, then resumed";
        table.Add(
            name,
            $"feedback 503 after {Seconds(unavailableAfter)}, slowest answer {slowest.TotalSeconds:0.0} s, accepted again {Seconds(acceptedAfter)} after recovery; "
            + $"recommendations served {served} of {recommendations.Length} during the outage; other 5xx or errors {otherFailures}; accepted events {accepted.Length}, lost {lost}; answered 503 yet logged {loggedAfter503}",
            recovered && unavailableAfter < _unavailableWithin && otherFailures == 0 && served == recommendations.Length && lost == 0);
    }

    private static string Seconds(TimeSpan? span) => span is { } s ? $"{s.TotalSeconds:0.0} s" : "never";

    private static async Task LightLoadAsync(FaultStack stack, string run, ConcurrentQueue<Sample> samples, Stopwatch clock, CancellationToken stop)
    {
        for (int i = 0; !stop.IsCancellationRequested; i++)
        {
            string body = $$"""{"userId":"{{run}}-00","itemId":"item-{{i}}","event":"view","eventId":"{{run}}-{{i}}"}""";
            int index = i;
            samples.Enqueue(await TimeAsync(true, index, clock, () =>
            {
                var content = new StringContent(body, Encoding.UTF8, "application/json");
                return stack.Client.PostAsync("/api/feedback", content);
            }));
            samples.Enqueue(await TimeAsync(false, index, clock, () => stack.Client.GetAsync($"/api/recommendations/{Uri.EscapeDataString(stack.KnownUser)}?k=10")));
            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<HashSet<string>> LoggedItemsAsync(TableClient users, string run)
    {
        var items = new HashSet<string>(StringComparer.Ordinal);
        await foreach (TableEntity row in users.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {run + "-00"}"), select: ["ItemId"]))
        {
            items.Add(row.GetString("ItemId"));
        }

        return items;
    }

    private static async Task<Sample> TimeAsync(bool feedback, int index, Stopwatch clock, Func<Task<HttpResponseMessage>> send)
    {
        TimeSpan at = clock.Elapsed;
        int status;
        try
        {
            using HttpResponseMessage response = await send();
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            status = 0;
        }
        catch (TaskCanceledException)
        {
            status = 0;
        }

        return new Sample(feedback, index, at, clock.Elapsed - at, status);
    }
}
