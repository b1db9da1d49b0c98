using System.Net;
using Recommender.Tests.TestSupport;

namespace Recommender.Faults.Checks;

/// <summary>Seeded malformed feedback requests; any 5xx but 505 (HTTP version not supported) is a failure.</summary>
internal static class FuzzCheck
{
    public static async Task RunAsync(FaultStack stack, FaultOptions options, FigureTable table)
    {
        var random = new Random(16);
        var histogram = new SortedDictionary<int, int>();
        int failures = 0;
        for (int i = 0; i < options.Fuzz; i++)
        {
            using HttpRequestMessage request = FeedbackFuzzCases.Next(random, out _);
            using HttpResponseMessage response = await stack.Client.SendAsync(request);
            int status = (int)response.StatusCode;
            histogram[status] = histogram.GetValueOrDefault(status) + 1;
            if (status >= 500 && status != (int)HttpStatusCode.HttpVersionNotSupported)
            {
                failures++;
            }
        }

        string statuses = string.Join(", ", histogram.Select(h => $"{h.Key}: {h.Value}"));
        table.Add("Fuzz of malformed feedback requests", $"{options.Fuzz:N0} cases; statuses {statuses}; 5xx (not 505): {failures}", failures == 0);
    }
}
