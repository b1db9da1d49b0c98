using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Experiments;

/// <summary>
/// The A/B split and the online metrics through the host stand-in and the real worker: the split serves both versions
/// in their shares, a user keeps their variant, a variant that cannot load falls back to the active model, and
/// impressions and likes travel through queues impressions and feedback into the metrics route.
/// </summary>
public class ExperimentEndToEndTests(ExperimentAppFixture app) : IClassFixture<ExperimentAppFixture>
{
    [Fact]
    public async Task ASplitOfTwoVersions_ServesBothInTheirShares_AndAUserAlwaysGetsTheSameVariant()
    {
        await StartAsync(("control", app.V1, 0.3), ("candidate", app.V2, 0.7));
        const int users = 1000;

        Served[] first = await ServeAsync(Enumerable.Range(0, users).Select(u => "ab-" + u));

        // Each variant is served by its own version, named in the body and the headers alike.
        Assert.All(first, s => Assert.Equal(s.Variant == "control" ? app.V1 : app.V2, s.Version));
        Assert.All(first, s => Assert.False(s.FellBack));

        // 1000 users: the control count is Binomial(1000, 0.3), sd 0.0145 of the users; 0.06 is over four sd.
        double control = first.Count(s => s.Variant == "control") / (double)users;
        Assert.InRange(control, 0.3 - 0.06, 0.3 + 0.06);

        Served[] again = await ServeAsync(first.Take(200).Select(s => s.UserId));
        Assert.Equal(first.Take(200).Select(s => (s.UserId, s.Variant)), again.Select(s => (s.UserId, s.Variant)));
    }

    [Fact]
    public async Task AVariantWhoseModelCannotLoad_IsServedByTheActiveModel_AndSaysSo()
    {
        JsonElement started = await StartAsync(("good", app.V2, 0.5), ("broken", app.Broken, 0.5));
        JsonElement[] variants = [.. started.GetProperty("variants").EnumerateArray()];
        Assert.True(variants.Single(v => v.GetProperty("name").GetString() == "good").GetProperty("loaded").GetBoolean());
        Assert.False(variants.Single(v => v.GetProperty("name").GetString() == "broken").GetProperty("loaded").GetBoolean());

        Served[] served = await ServeAsync(Enumerable.Range(0, 100).Select(u => "fb-" + u));

        Served[] broken = [.. served.Where(s => s.Variant == "broken")];
        Served[] good = [.. served.Where(s => s.Variant == "good")];
        Assert.NotEmpty(broken);
        Assert.NotEmpty(good);
        Assert.All(broken, s => Assert.True(s.FellBack && s.FallbackHeader == "active-model" && s.Version == app.V1, $"{s.UserId} got {s.Version}"));
        Assert.All(good, s => Assert.True(!s.FellBack && s.FallbackHeader is null && s.Version == app.V2, $"{s.UserId} got {s.Version}"));
        Assert.Contains("could not be loaded", app.App.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImpressionsAndLikes_LoggedThroughTheQueues_ComeBackInTheMetricsWithTheRightCounts()
    {
        DateTimeOffset from = DateTimeOffset.UtcNow;
        await StartAsync(("a", app.V1, 0.5), ("b", app.V2, 0.5));
        Served[] served = await ServeAsync(Enumerable.Range(0, 40).Select(u => "mx-" + u));

        // Every third list liked (the first one twice: it counts once), every fifth disliked.
        var expected = new Dictionary<(string Version, string Variant), (int Impressions, int Likes, int Dislikes)>();
        for (int i = 0; i < served.Length; i++)
        {
            Served s = served[i];
            bool like = i % 3 == 0, dislike = i % 5 == 0;
            if (like)
            {
                await SendFeedbackAsync(s, "like", i == 0 ? 2 : 1);
            }

            if (dislike)
            {
                await SendFeedbackAsync(s, "dislike", 1);
            }

            var key = (s.Version, s.Variant!);
            var counts = expected.GetValueOrDefault(key);
            expected[key] = (counts.Impressions + 1, counts.Likes + (like ? 1 : 0), counts.Dislikes + (dislike ? 1 : 0));
        }

        string window = $"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(from.AddMinutes(10).ToString("O", CultureInfo.InvariantCulture))}";
        Dictionary<(string, string), (int, int, int)> actual = [];
        JsonElement groups = default;
        bool matched = await FunctionAppFixture.EventuallyAsync(async () =>
        {
            using HttpResponseMessage response = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Get, "/api/experiments/metrics?" + window));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            groups = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("groups").Clone();
            actual = groups.EnumerateArray().ToDictionary(
                g => (g.GetProperty("modelVersion").GetString()!, g.GetProperty("variant").GetString()!),
                g => (g.GetProperty("impressions").GetInt32(), g.GetProperty("likes").GetInt32(), g.GetProperty("dislikes").GetInt32()));
            return actual.Count == expected.Count && expected.All(e => actual.GetValueOrDefault(e.Key) == e.Value);
        });

        Assert.True(matched, $"expected {Describe(expected)}, the metrics said {Describe(actual)}\n{app.App.Log}");
        foreach (JsonElement group in groups.EnumerateArray())
        {
            double rate = group.GetProperty("likeRate").GetDouble();
            Assert.Equal(group.GetProperty("likes").GetDouble() / group.GetProperty("impressions").GetDouble(), rate, 12);
            Assert.InRange(rate, group.GetProperty("likeRateLow").GetDouble(), group.GetProperty("likeRateHigh").GetDouble());
        }
    }

    [Fact]
    public async Task EndingTheExperiment_ServesEveryoneTheActiveModelWithoutAVariant()
    {
        await StartAsync(("a", app.V2, 0.5), ("b", app.V2, 0.5));
        using (HttpResponseMessage ended = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Delete, "/api/experiments/current")))
        {
            Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        }

        using HttpResponseMessage current = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Get, "/api/experiments/current"));
        Served[] served = await ServeAsync(Enumerable.Range(0, 20).Select(u => "end-" + u));

        Assert.Equal(HttpStatusCode.NotFound, current.StatusCode);
        Assert.All(served, s => Assert.True(s.Variant is null && s.VariantHeader is null && s.Version == app.V1));
    }

    private async Task<JsonElement> StartAsync(params (string Name, string Version, double Share)[] variants)
    {
        using HttpRequestMessage request = FunctionsHostProcess.Admin(HttpMethod.Put, "/api/experiments/current");
        request.Content = JsonContent.Create(new { variants = variants.Select(v => new { name = v.Name, version = v.Version, share = v.Share }) });
        using HttpResponseMessage response = await app.Client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<Served[]> ServeAsync(IEnumerable<string> users)
    {
        using var gate = new SemaphoreSlim(8);
        return await Task.WhenAll(users.Select(async user =>
        {
            await gate.WaitAsync();
            try
            {
                using HttpResponseMessage response = await app.Client.GetAsync($"/api/recommendations/{user}?k=5");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
                string version = response.Headers.GetValues("X-Model-Version").Single();
                Assert.Equal(version, body.GetProperty("modelVersion").GetString());
                string? variant = body.GetProperty("variant").GetString();
                string? variantHeader = response.Headers.TryGetValues("X-Experiment-Variant", out var v) ? v.Single() : null;
                Assert.Equal(variant, variantHeader);
                return new Served(
                    user,
                    body.GetProperty("recommendationId").GetString()!,
                    body.GetProperty("items")[0].GetProperty("itemId").GetString()!,
                    version,
                    variant,
                    variantHeader,
                    body.GetProperty("variantFallback").GetBoolean(),
                    response.Headers.TryGetValues("X-Experiment-Fallback", out var f) ? f.Single() : null);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private async Task SendFeedbackAsync(Served served, string kind, int times)
    {
        for (int n = 0; n < times; n++)
        {
            string body = JsonSerializer.Serialize(new { userId = served.UserId, itemId = served.FirstItem, @event = kind, recommendationId = served.RecommendationId });
            using HttpResponseMessage response = await app.Client.PostAsync("/api/feedback", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }

    private static string Describe(IReadOnlyDictionary<(string, string), (int, int, int)> groups) =>
        string.Join("; ", groups.Select(g => $"{g.Key} = {g.Value}"));

    private sealed record Served(string UserId, string RecommendationId, string FirstItem, string Version, string? Variant, string? VariantHeader, bool FellBack, string? FallbackHeader);
}
