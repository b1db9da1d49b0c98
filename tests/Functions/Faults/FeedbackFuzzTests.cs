using System.Net;
using Recommender.Tests.TestSupport;
using Xunit.Abstractions;

namespace Recommender.Tests.Functions.Faults;

/// <summary>
/// A seeded fuzz of malformed feedback requests (<see cref="FeedbackFuzzCases"/>) through the real stack. Every answer
/// must be a client error or an acceptance: any 5xx but 505 fails. The status histogram is printed.
/// </summary>
[Collection(FaultAppCollection.Name)]
public class FeedbackFuzzTests(FaultAppFixture app, ITestOutputHelper output)
{
    // 300 in ./test.sh; RECOMMENDER_FUZZ_CASES runs more (the bar is 1,000 and up).
    private static readonly int _cases = int.TryParse(Environment.GetEnvironmentVariable("RECOMMENDER_FUZZ_CASES"), out int cases) && cases > 0 ? cases : 300;

    [Fact]
    public async Task SeededBadFeedbackRequests_NeverGetA5xx()
    {
        var random = new Random(16);
        var histogram = new SortedDictionary<int, int>();
        var failures = new List<string>();
        for (int i = 0; i < _cases; i++)
        {
            using HttpRequestMessage request = FeedbackFuzzCases.Next(random, out string shown);
            using HttpResponseMessage response = await app.Client.SendAsync(request);
            int status = (int)response.StatusCode;
            histogram[status] = histogram.GetValueOrDefault(status) + 1;
            if (status >= 500 && status != (int)HttpStatusCode.HttpVersionNotSupported)
            {
                failures.Add($"{status} for {shown}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        output.WriteLine($"{_cases} fuzz cases: " + string.Join(", ", histogram.Select(h => $"{h.Key}: {h.Value}")));
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(10)));
    }
}
