using System.Net;
using System.Text;
using Azure.Data.Tables;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// A burst of feedback events at many connections, sent as a careful client does (its own event id, and a retry when
/// the app answers 503), then the table counted with the storage SDK. Each event has an item of its own, so a second
/// row for an item is a duplicate and a missing item a lost event.
/// </summary>
internal static class FeedbackBurst
{
    /// <summary>How the sending went: events accepted, retries needed, and the events never accepted ("index: status").</summary>
    public sealed record Sent(int Accepted, int Retried, IReadOnlyList<string> Refused, TimeSpan Elapsed);

    /// <summary>Rows of the run in a table, and the distinct events among them.</summary>
    public sealed record Counted(int Rows, int Distinct);

    /// <summary>Sends <paramref name="events"/> events of run <paramref name="run"/> (users "{run}-NN") at <paramref name="connections"/> connections.</summary>
    public static async Task<Sent> SendAsync(HttpClient client, string run, int events, int connections)
    {
        int next = -1;
        int retried = 0;
        int accepted = 0;
        var refused = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < events)
            {
                string body = $$"""{"userId":"{{run}}-{{i % connections:D2}}","itemId":"item-{{i}}","event":"view","eventId":"{{run}}-{{i}}"}""";
                HttpStatusCode status = default;
                for (int attempt = 0; attempt < 10 && status != HttpStatusCode.Accepted; attempt++)
                {
                    if (attempt > 0)
                    {
                        Interlocked.Increment(ref retried);
                    }

                    try
                    {
                        using var content = new StringContent(body, Encoding.UTF8, "application/json");
                        using HttpResponseMessage response = await client.PostAsync("/api/feedback", content);
                        status = response.StatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        status = default;
                    }
                }

                if (status == HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                }
                else
                {
                    lock (refused)
                    {
                        refused.Add($"{i}: {(int)status}");
                    }
                }
            }
        }));
        return new Sent(accepted, retried, refused, clock.Elapsed);
    }

    /// <summary>Rows of the run in the per-user table (partitions "{run}-NN").</summary>
    public static async Task<Counted> CountAsync(TableClient table, string run)
    {
        int rows = 0;
        var items = new HashSet<string>(StringComparer.Ordinal);
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {run + "-"} and PartitionKey lt {run + "."}");
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, select: ["ItemId"]))
        {
            rows++;
            items.Add(row.GetString("ItemId"));
        }

        return new Counted(rows, items.Count);
    }

    /// <summary>Rows of the run in the time-ordered timeline table (event ids "{run}-N").</summary>
    public static async Task<Counted> CountTimelineAsync(TableClient timeline, string run)
    {
        int rows = 0;
        var events = new HashSet<string>(StringComparer.Ordinal);
        await foreach (TableEntity row in timeline.QueryAsync<TableEntity>(select: ["EventId"]))
        {
            string? id = row.GetString("EventId");
            if (id is not null && id.StartsWith(run + "-", StringComparison.Ordinal))
            {
                rows++;
                events.Add(id);
            }
        }

        return new Counted(rows, events.Count);
    }
}
