using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Functions.Experiments;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Experiments;

/// <summary>The experiment routes, impressions and feedback attribution in process, against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public class ExperimentEndpointsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("""{"variants":[{"version":"V1","share":0.5},{"version":"V1","share":0.5}]}""", "variants[1].name")]
    [InlineData("""{"variants":[{"version":"V1","share":0.5,"name":"a"},{"version":"V1","share":0.4,"name":"b"}]}""", "variants")]
    [InlineData("""{"variants":[{"version":"V1","share":0,"name":"a"},{"version":"V1","share":1,"name":"b"}]}""", "variants[0].share")]
    [InlineData("""{"variants":[{"version":"V1","share":"0.5","name":"a"},{"version":"V1","share":0.5,"name":"b"}]}""", "variants[0].share")]
    [InlineData("""{"variants":[{"version":"V1","share":1}]}""", "variants")]
    [InlineData("""{"variants":[{"version":"V1","share":0.5,"name":"a"},{"version":"20990101T000000Z-000000","share":0.5,"name":"b"}]}""", "variants[1].version")]
    [InlineData("""{"variants":[{"version":"V1","share":0.5,"name":"a","weight":2},{"version":"V1","share":0.5,"name":"b"}]}""", "variants[0].weight")]
    [InlineData("""{"variants":[{"share":0.5,"name":"a"},{"version":"V1","share":0.5,"name":"b"}]}""", "variants[0].version")]
    [InlineData("""{"variant":[]}""", "variant")]
    [InlineData("""[1,2]""", "body")]
    public async Task PutExperiment_AnInvalidSplit_Is400NamingTheField(string template, string field)
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, model.Layout);

        using HttpResponseMessage response = await host.Client.PutAsync("/api/experiments/current", new StringContent(template.Replace("V1", model.Version, StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        using HttpResponseMessage current = await host.Client.GetAsync("/api/experiments/current");
        Assert.Equal(HttpStatusCode.NotFound, current.StatusCode);
    }

    [Fact]
    public async Task PutExperiment_NotJson_Is415()
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, model.Layout);

        using HttpResponseMessage response = await host.Client.PutAsync("/api/experiments/current", new StringContent("variants", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task AnExperimentWritten_IsReadByASecondInstance_AndSurvivesARestart()
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using (var first = await FunctionAppHost.StartAsync(azurite, model.Layout))
        {
            await using var second = await FunctionAppHost.StartAsync(azurite, model.Layout);
            using HttpResponseMessage put = await first.Client.PutAsJsonAsync("/api/experiments/current", new { variants = new[] { new { version = model.Version, share = 0.5, name = "left" }, new { version = model.Version, share = 0.5, name = "right" } } });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);

            // ModelRefreshSeconds is 1 in these hosts: the other instance follows within a few refreshes.
            Assert.True(await FunctionAppHost.EventuallyAsync(async () => (await second.Client.GetAsync("/api/experiments/current")).StatusCode == HttpStatusCode.OK), "the second instance never saw the experiment");
        }

        await using var restarted = await FunctionAppHost.StartAsync(azurite, model.Layout);
        Assert.True(await FunctionAppHost.EventuallyAsync(async () =>
        {
            using HttpResponseMessage served = await restarted.Client.GetAsync("/api/recommendations/someone");
            return served.Headers.TryGetValues(ExperimentHeaders.Variant, out var variant) && variant.Single() is "left" or "right";
        }), "the experiment did not survive a restart");
    }

    [Fact]
    public async Task AnImpressionQueueThatRefuses_NeitherFailsNorSlowsTheRecommendation_AndTheDropIsCounted()
    {
        var model = await PublishedModel.TrainAsync(azurite);

        // Upper case is not a valid queue name: every send is refused.
        await using var host = await FunctionAppHost.StartAsync(azurite, FunctionAppHost.UniqueLayout() with { ModelsContainer = model.Layout.ModelsContainer, ImpressionsQueue = "Not_A_Queue" });

        using HttpResponseMessage response = await host.Client.GetAsync($"/api/recommendations/{model.KnownUser}?k=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^[0-9a-f]{32}$", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recommendationId").GetString());
        ImpressionSender sender = host.Services.GetRequiredService<ImpressionSender>();
        Assert.True(await FunctionAppHost.EventuallyAsync(() => Task.FromResult(sender.Dropped >= 1)), "the refused impression was not counted");
        Assert.Equal(0, sender.Sent);
    }

    [Fact]
    public async Task ALikeNamingItsList_IsStoredWithTheFeedback_AndCountsInTheMetrics()
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, model.Layout);
        DateTimeOffset from = DateTimeOffset.UtcNow.AddSeconds(-1);
        JsonElement list = await host.Client.GetFromJsonAsync<JsonElement>($"/api/recommendations/{model.KnownUser}?k=5");
        string id = list.GetProperty("recommendationId").GetString()!;
        string item = list.GetProperty("items")[0].GetProperty("itemId").GetString()!;
        ImpressionSender sender = host.Services.GetRequiredService<ImpressionSender>();
        Assert.True(await FunctionAppHost.EventuallyAsync(() => Task.FromResult(sender.Sent == 1)), "the impression was never queued");

        using HttpResponseMessage posted = await host.Client.PostAsync("/api/feedback", new StringContent($$"""{"userId":"{{model.KnownUser}}","itemId":"{{item}}","event":"like","recommendationId":"{{id}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal(1, await host.DeliverQueuedImpressionsAsync());
        Assert.Equal(1, await host.DeliverQueuedFeedbackAsync());

        var feedback = await new Core.Feedback.FeedbackLog(azurite.Tables, model.Layout.FeedbackTable).ReadUserAsync(model.KnownUser).SingleAsync();
        Assert.Equal(id, feedback.RecommendationId);
        JsonElement metrics = await host.Client.GetFromJsonAsync<JsonElement>($"/api/experiments/metrics?from={Uri.EscapeDataString(from.ToString("O"))}");
        JsonElement group = Assert.Single(metrics.GetProperty("groups").EnumerateArray());
        Assert.Equal(model.Version, group.GetProperty("modelVersion").GetString());
        Assert.Equal(JsonValueKind.Null, group.GetProperty("variant").ValueKind);
        Assert.Equal((1, 1, 0), (group.GetProperty("impressions").GetInt32(), group.GetProperty("likes").GetInt32(), group.GetProperty("dislikes").GetInt32()));
    }

    [Theory]
    [InlineData("0193A6F4C21B7ABC8DEF0123456789A0")]
    [InlineData("not-a-list")]
    [InlineData("0193a6f4c21b4abc8def0123456789a0")]
    public async Task Feedback_WithAMalformedRecommendationId_Is400NamingIt(string id)
    {
        await using var host = await FunctionAppHost.StartAsync(azurite);

        using HttpResponseMessage posted = await host.Client.PostAsync("/api/feedback", new StringContent($$"""{"userId":"u","itemId":"i","event":"like","recommendationId":"{{id}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal("recommendationId", (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01T00:00:00Z", "to")]
    [InlineData("from=2026-11-29T12:00:00Z&to=2026-11-29T11:00:00Z", "from")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-11-29T00:00:00Z", "from")]
    public async Task Metrics_AnInvalidWindow_Is400NamingTheParameter(string query, string field)
    {
        await using var host = await FunctionAppHost.StartAsync(azurite);

        using HttpResponseMessage response = await host.Client.GetAsync("/api/experiments/metrics?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task SampleRate_LogsAboutThatShareOfLists()
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, model.Layout, new Dictionary<string, string?> { ["ImpressionSampleRate"] = "0.25" });
        ImpressionSender sender = host.Services.GetRequiredService<ImpressionSender>();

        int sampled = Enumerable.Range(0, 20_000).Count(_ => sender.Sample());

        // Binomial(20000, 0.25): sd 61 lists; 400 is over six sd.
        Assert.InRange(sampled, 5000 - 400, 5000 + 400);
    }
}
