using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recommender.Core.Feedback;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions;

/// <summary>
/// The whole loop on real parts, in process: train and publish v1, serve it, take feedback through the queue into the
/// table, hide a disliked item, retrain with the feedback into v2, swap to v2 without a restart, roll back to v1.
/// The same loop through the Functions host stand-in and the worker process is in the stand-in's end-to-end tests.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class FeedbackLoopTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task FeedbackFlowsIntoServingAndTheNextModel_AndActivateRollsBack()
    {
        var v1 = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, v1.Layout);
        string user = v1.KnownUser;

        // v1 serves the user.
        JsonElement before = await host.Client.GetFromJsonAsync<JsonElement>($"/api/recommendations/{user}?k=10");
        Assert.Equal(v1.Version, before.GetProperty("modelVersion").GetString());
        string[] items = before.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!).ToArray();
        string disliked = items[0];
        string liked = items[1];

        // Feedback goes through the queue; LogFeedback writes it to the table.
        foreach (string body in new[] { $$"""{"userId":"{{user}}","itemId":"{{disliked}}","event":"dislike"}""", $$"""{"userId":"{{user}}","itemId":"{{liked}}","event":"like"}""" })
        {
            using HttpResponseMessage posted = await host.Client.PostAsync("/api/feedback", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        Assert.Equal(2, await host.DeliverQueuedFeedbackAsync());
        var log = new FeedbackLog(azurite.Tables, v1.Layout.FeedbackTable);
        Assert.Equal(2, await CountAsync(log.ReadUserAsync(user)));

        // The disliked item disappears from the user's recommendations.
        Assert.True(await FunctionAppHost.EventuallyAsync(async () =>
        {
            JsonElement now = await host.Client.GetFromJsonAsync<JsonElement>($"/api/recommendations/{user}?k=10");
            return now.GetProperty("items").EnumerateArray().All(i => i.GetProperty("itemId").GetString() != disliked);
        }), "the disliked item is still recommended");

        // The like is newer than v1, so the user's vector is re-solved with it and the liked item is masked.
        JsonElement updated = await host.Client.GetFromJsonAsync<JsonElement>($"/api/recommendations/{user}?k=10");
        Assert.Equal("als-updated", updated.GetProperty("strategy").GetString());
        Assert.DoesNotContain(updated.GetProperty("items").EnumerateArray(), i => i.GetProperty("itemId").GetString() == liked);

        // A retrain merges the feedback and publishes v2; the gate is bypassed here (it has tests of its own).
        var retrain = await PublishedModel.TrainAgainAsync(azurite, v1.Layout, "--min-improve", "-1");
        string v2 = retrain.Json.GetProperty("version").GetString()!;
        Assert.Contains("feedback: merged 2 events", retrain.Stderr, StringComparison.Ordinal);
        Assert.True(retrain.Json.GetProperty("promoted").GetBoolean());

        // The app swaps to v2 at its next refresh, without a restart.
        Assert.True(await FunctionAppHost.EventuallyAsync(async () => (await HealthVersionAsync(host)) == v2), "the app did not swap to v2");
        using (HttpResponseMessage served = await host.Client.GetAsync($"/api/recommendations/{user}"))
        {
            Assert.Equal(v2, served.Headers.GetValues("X-Model-Version").Single());

            // v2 read the feedback table after the like was logged: the like is in the model and is not counted again.
            JsonElement onV2 = await served.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("als", onV2.GetProperty("strategy").GetString());
            Assert.DoesNotContain(onV2.GetProperty("items").EnumerateArray(), i => i.GetProperty("itemId").GetString() == liked);
        }

        // The models list shows both, v2 active; activating v1 rolls back.
        using HttpResponseMessage list = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/models"));
        JsonElement models = await list.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(v2, models.GetProperty("currentVersion").GetString());
        Assert.Equal(2, models.GetProperty("models").GetArrayLength());
        JsonElement listedV2 = models.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("version").GetString() == v2);
        Assert.Equal(v1.Version, listedV2.GetProperty("drift").GetProperty("liveVersion").GetString());
        Assert.Equal(v1.Version, listedV2.GetProperty("dataQuality").GetProperty("liveVersion").GetString());

        using HttpResponseMessage activate = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/models/{v1.Version}/activate"));
        Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
        Assert.Equal(v1.Version, await HealthVersionAsync(host));
    }

    [Fact]
    public async Task DislikeLoggedByAnotherInstance_IsHiddenAfterTheNextFeedbackRead()
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, model.Layout, new Dictionary<string, string?> { ["FeedbackCacheSeconds"] = "1" });
        JsonElement before = await host.Client.GetFromJsonAsync<JsonElement>($"/api/recommendations/{model.KnownUser}?k=5");
        string top = before.GetProperty("items")[0].GetProperty("itemId").GetString()!;

        // Written straight to the table, as LogFeedback on another instance would.
        await new FeedbackLog(azurite.Tables, model.Layout.FeedbackTable).WriteAsync(
            new FeedbackEvent { EventId = "elsewhere-1", UserId = model.KnownUser, ItemId = top, Event = FeedbackKind.Dislike, Timestamp = DateTimeOffset.UtcNow });

        Assert.True(await FunctionAppHost.EventuallyAsync(async () =>
        {
            JsonElement now = await host.Client.GetFromJsonAsync<JsonElement>($"/api/recommendations/{model.KnownUser}?k=5");
            return now.GetProperty("items").EnumerateArray().All(i => i.GetProperty("itemId").GetString() != top);
        }), "the dislike logged elsewhere was never read");
    }

    [Fact]
    public async Task UnknownUserWithLoggedFeedback_GetsAFoldInVector()
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, model.Layout);
        var log = new FeedbackLog(azurite.Tables, model.Layout.FeedbackTable);
        var package = await host.Repository.LoadAsync(model.Version);
        for (int i = 0; i < 3; i++)
        {
            await log.WriteAsync(new FeedbackEvent { EventId = $"e{i}", UserId = "newcomer", ItemId = package.Items[i], Event = FeedbackKind.Like, Timestamp = DateTimeOffset.UtcNow });
        }

        JsonElement body = await host.Client.GetFromJsonAsync<JsonElement>("/api/recommendations/newcomer?k=5");

        Assert.Equal("fold-in", body.GetProperty("strategy").GetString());
        Assert.Equal(5, body.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain(body.GetProperty("items").EnumerateArray(), i => i.GetProperty("itemId").GetString() == package.Items[0]);
    }

    [Fact]
    public async Task ModelRoutes_ShowAManifest_AndUnknownVersionsAre404()
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, model.Layout);

        using HttpResponseMessage missing = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/models/20990101T000000Z-000000"));
        using HttpResponseMessage activateMissing = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/models/nope/activate"));
        using HttpResponseMessage detail = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/models/{model.Version}"));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, activateMissing.StatusCode);
        JsonElement body = await detail.Content.ReadFromJsonAsync<JsonElement>();
        JsonElement manifest = body.GetProperty("manifest");
        Assert.Equal(model.Version, manifest.GetProperty("version").GetString());
        Assert.True(manifest.GetProperty("metrics").GetProperty("ndcg@10").GetDouble() > 0);

        // The data-quality summary is in the manifest; the full report (examples included) comes with it.
        long rowsRead = manifest.GetProperty("dataQuality").GetProperty("rowsRead").GetInt64();
        Assert.True(rowsRead > 0);
        Assert.Equal(rowsRead, body.GetProperty("dataQuality").GetProperty("summary").GetProperty("rowsRead").GetInt64());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("dataQuality").GetProperty("examples").ValueKind);
    }

    private static async Task<string?> HealthVersionAsync(FunctionAppHost host)
    {
        JsonElement health = await host.Client.GetFromJsonAsync<JsonElement>("/api/health");
        return health.GetProperty("modelVersion").GetString();
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        int count = 0;
        await foreach (T _ in items)
        {
            count++;
        }

        return count;
    }
}
