using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions;

/// <summary>
/// The whole loop on real parts: the built isolated worker, run by the host stand-in over the host-worker protocol,
/// against Azurite: serve v1, take feedback through the queue into the table, hide a dislike at once, retrain with
/// the feedback into v2, swap to v2 without a restart, roll back to v1; plus cold start, bad inputs and keys.
/// </summary>
public class EndToEndTests(FunctionAppFixture app) : IClassFixture<FunctionAppFixture>
{
    [Fact]
    public async Task TheTrainedModel_IsServed_WithItsVersionHeader()
    {
        using HttpResponseMessage response = await app.Client.GetAsync($"/api/recommendations/{app.KnownUser}?k=5");
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string served = response.Headers.GetValues("X-Model-Version").Single();
        Assert.Equal(served, body.GetProperty("modelVersion").GetString());
        Assert.Equal(await app.HealthVersionAsync(), served);
        // als-updated once the feedback test of this class has posted a like for the same user.
        Assert.Contains(body.GetProperty("strategy").GetString(), new[] { "als", "als-updated" });
        Assert.Equal(5, body.GetProperty("items").GetArrayLength());
        foreach (string path in new[] { $"/api/similar/{app.KnownItem}?k=3", "/api/popular?k=3" })
        {
            using HttpResponseMessage other = await app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.Equal(served, other.Headers.GetValues("X-Model-Version").Single());
        }
    }

    [Fact]
    public async Task ExplainTrue_GivesEachItemUpToThreeReasonsFromTheHistory_AndBadValuesAre400()
    {
        using HttpResponseMessage response = await app.Client.GetAsync($"/api/recommendations/{app.KnownUser}?k=5&explain=true");
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        using HttpResponseMessage bad = await app.Client.GetAsync($"/api/recommendations/{app.KnownUser}?explain=yes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement[] reasons = [.. body.GetProperty("items").EnumerateArray().SelectMany(i => i.GetProperty("because").EnumerateArray())];
        Assert.NotEmpty(reasons);
        Assert.All(body.GetProperty("items").EnumerateArray(), i => Assert.InRange(i.GetProperty("because").GetArrayLength(), 0, 3));
        Assert.All(reasons, r => Assert.True(r.GetProperty("weight").GetSingle() > 0));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task TheUserList_FindsAKnownUserByPrefix_AndRefusesAnOverlongPrefix()
    {
        JsonElement found = await app.Client.GetFromJsonAsync<JsonElement>($"/api/users?q={app.KnownUser}&k=1000");
        using HttpResponseMessage overlong = await app.Client.GetAsync("/api/users?q=" + new string('x', 129));

        Assert.Contains(found.GetProperty("users").EnumerateArray(), u => u.GetString() == app.KnownUser);
        Assert.All(found.GetProperty("users").EnumerateArray(), u => Assert.StartsWith(app.KnownUser, u.GetString(), StringComparison.OrdinalIgnoreCase));
        Assert.False(string.IsNullOrEmpty(found.GetProperty("random").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, overlong.StatusCode);
    }

    [Fact]
    public async Task FeedbackFlowsIntoServingAndTheNextModel_AndActivateRollsBack()
    {
        string user = app.KnownUser;
        string[] before = await RecommendedItemsAsync(user, 10);
        string disliked = before[0];
        string liked = before[1];

        // Feedback goes through the queue; LogFeedback writes it to the table.
        await PostFeedbackAsync(user, disliked, "dislike");
        await PostFeedbackAsync(user, liked, "like");
        var table = new TableClient(app.ConnectionString, "feedback");
        var queue = new QueueClient(app.ConnectionString, "feedback");

        // A message leaves the queue only once its invocation has finished, index update included.
        Assert.True(
            await FunctionAppFixture.EventuallyAsync(async () => (await EventsOfAsync(table, user)).Count == 2 && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0),
            "LogFeedback did not write both events:\n" + app.App.Log);
        var kinds = await EventsOfAsync(table, user);
        Assert.Contains(kinds, e => HasValue(e, "dislike"));
        Assert.Contains(kinds, e => HasValue(e, "like"));

        // The dislike is hidden as soon as LogFeedback has run (no cache period to wait for).
        Assert.DoesNotContain(disliked, await RecommendedItemsAsync(user, 10));

        // A retrain merges the feedback and publishes v2; the gate is bypassed here (it has tests of its own).
        string v1 = (await app.HealthVersionAsync())!;
        var retrain = app.Train("--min-improve", "-1");
        string v2 = retrain.Json.GetProperty("version").GetString()!;
        Assert.Contains("feedback: merged 2 events", retrain.Stderr, StringComparison.Ordinal);
        Assert.True(retrain.Json.GetProperty("promoted").GetBoolean());

        // The app swaps to v2 at its next refresh, without a restart.
        Assert.True(await FunctionAppFixture.EventuallyAsync(async () => await app.HealthVersionAsync() == v2), "the app did not swap to v2");
        using (HttpResponseMessage served = await app.Client.GetAsync($"/api/recommendations/{user}"))
        {
            Assert.Equal(v2, served.Headers.GetValues("X-Model-Version").Single());
        }

        // The models list shows v2 active; activating v1 rolls back at once.
        using HttpResponseMessage list = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Get, "/api/models"));
        JsonElement models = await list.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(v2, models.GetProperty("currentVersion").GetString());
        Assert.Contains(models.GetProperty("models").EnumerateArray(), m => m.GetProperty("version").GetString() == v1);

        using HttpResponseMessage activate = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Post, $"/api/models/{v1}/activate"));
        Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
        Assert.Equal(v1, await app.HealthVersionAsync());
        using HttpResponseMessage after = await app.Client.GetAsync($"/api/recommendations/{user}");
        Assert.Equal(v1, after.Headers.GetValues("X-Model-Version").Single());
    }

    [Fact]
    public async Task AnUnknownUser_GetsPopularity_ThenAFoldInOnceTheirFeedbackIsLogged()
    {
        string newcomer = "newcomer-" + Guid.NewGuid().ToString("N")[..8];
        JsonElement cold = await app.Client.GetFromJsonAsync<JsonElement>($"/api/recommendations/{newcomer}?k=5");
        Assert.Equal("popularity", cold.GetProperty("strategy").GetString());
        Assert.Equal(5, cold.GetProperty("items").GetArrayLength());

        string[] popular = cold.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!).ToArray();
        string[] liked = popular[..3];
        foreach (string item in liked)
        {
            await PostFeedbackAsync(newcomer, item, "like");
        }

        // Each like reaches the index as LogFeedback processes it: wait until all three count.
        JsonElement warm = default;
        Assert.True(await FunctionAppFixture.EventuallyAsync(async () =>
        {
            warm = await app.Client.GetFromJsonAsync<JsonElement>($"/api/recommendations/{newcomer}?k=5");
            return warm.GetProperty("strategy").GetString() == "fold-in"
                && !warm.GetProperty("items").EnumerateArray().Any(i => liked.Contains(i.GetProperty("itemId").GetString()));
        }), "the newcomer never got a fold-in vector without the items they liked: " + warm);
        Assert.Equal(5, warm.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task BadInputs_AnswerAProblem_NoneCrashes_AndNoneIsEnqueued()
    {
        string user = "bad-input-" + Guid.NewGuid().ToString("N")[..8];
        string item = app.KnownItem;
        var requests = new List<(HttpStatusCode Expected, Func<HttpRequestMessage> Request)>
        {
            (HttpStatusCode.BadRequest, () => Get($"/api/recommendations/{app.KnownUser}?k=0")),
            (HttpStatusCode.BadRequest, () => Get($"/api/recommendations/{app.KnownUser}?k=abc")),
            (HttpStatusCode.BadRequest, () => Get($"/api/recommendations/{app.KnownUser}?mode=bogus")),
            (HttpStatusCode.BadRequest, () => Get($"/api/recommendations/{app.KnownUser}?mode=mixed&alpha=2")),
            (HttpStatusCode.BadRequest, () => Get("/api/similar/x?k=100000")),
            (HttpStatusCode.NotFound, () => Get("/api/similar/no-such-item")),
            (HttpStatusCode.UnsupportedMediaType, () => Feedback($$"""{"userId":"{{user}}","itemId":"{{item}}","event":"like"}""", "text/plain")),
            (HttpStatusCode.BadRequest, () => Feedback($$"""{"userId":"{{user}}","itemId":"{{item}}","event":"shrug"}""")),
            (HttpStatusCode.BadRequest, () => Feedback($$"""{"userId":"{{user}}","itemId":"{{item}}","event":"like","value":3}""")),
            (HttpStatusCode.BadRequest, () => Feedback($$"""{"userId":"{{user}}","itemId":"{{item}}","event":"like","extra":1}""")),
            (HttpStatusCode.BadRequest, () => Feedback($$"""{"userId":"","itemId":"{{item}}","event":"like"}""")),
            (HttpStatusCode.BadRequest, () => Feedback("""{"userId":""")),
            (HttpStatusCode.RequestEntityTooLarge, () => Feedback($$"""{"userId":"{{user}}","itemId":"{{new string('x', 5000)}}","event":"like"}""")),
        };

        foreach (var (expected, request) in requests)
        {
            using HttpRequestMessage message = request();
            string what = $"{message.Method} {message.RequestUri}";
            using HttpResponseMessage response = await app.Client.SendAsync(message);
            Assert.True(expected == response.StatusCode, $"{what}: expected {expected}, got {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // One good event after the bad ones: once it is in the table and the queue is empty, nothing else came.
        await PostFeedbackAsync(user, item, "view");
        var table = new TableClient(app.ConnectionString, "feedback");
        var queue = new QueueClient(app.ConnectionString, "feedback");
        Assert.True(await FunctionAppFixture.EventuallyAsync(async () =>
            (await EventsOfAsync(table, user)).Count >= 1 && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0));
        Assert.Single(await EventsOfAsync(table, user));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/health")).StatusCode);
    }

    [Fact]
    public async Task AdminRoutes_NeedTheFunctionKey_InTheHeaderOrTheCodeQuery()
    {
        using HttpResponseMessage noKey = await app.Client.GetAsync("/api/models");
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/training/runs");
        wrong.Headers.Add("x-functions-key", "wrong-key");
        using HttpResponseMessage wrongKey = await app.Client.SendAsync(wrong);
        using HttpResponseMessage header = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Get, "/api/models"));
        using HttpResponseMessage query = await app.Client.GetAsync($"/api/models?code={FunctionsHostProcess.AdminKey}");
        using HttpResponseMessage activate = await app.Client.PostAsync($"/api/models/{app.V1}/activate", null);
        using HttpResponseMessage unknownVersion = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Get, "/api/models/20990101T000000Z-000000"));
        using HttpResponseMessage anonymous = await app.Client.GetAsync("/api/popular?k=3");

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, activate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task UnknownRoutesAndWrongMethods_Are404_AndTheOpenApiDocumentIsServed()
    {
        using HttpResponseMessage unknown = await app.Client.GetAsync("/api/nothing-here");
        using HttpResponseMessage noPrefix = await app.Client.GetAsync("/health");
        using HttpResponseMessage wrongMethod = await app.Client.DeleteAsync("/api/health");
        using HttpResponseMessage openApi = await app.Client.GetAsync("/api/openapi/v1.json");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noPrefix.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongMethod.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Equal("application/json", openApi.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string[]> RecommendedItemsAsync(string user, int k)
    {
        JsonElement body = await app.Client.GetFromJsonAsync<JsonElement>($"/api/recommendations/{user}?k={k}");
        return body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!).ToArray();
    }

    private async Task PostFeedbackAsync(string user, string item, string kind)
    {
        using HttpResponseMessage posted = await app.Client.SendAsync(Feedback($$"""{"userId":"{{user}}","itemId":"{{item}}","event":"{{kind}}"}"""));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Feedback(string body, string contentType = "application/json") =>
        new(HttpMethod.Post, "/api/feedback") { Content = new StringContent(body, Encoding.UTF8, contentType) };

    // The event kind is one of the entity's string properties; which column holds it is the table schema's business.
    private static bool HasValue(TableEntity entity, string value) =>
        ((IDictionary<string, object>)entity).Values.Any(v => value.Equals(v as string, StringComparison.OrdinalIgnoreCase));

    private static async Task<List<TableEntity>> EventsOfAsync(TableClient table, string user)
    {
        var events = new List<TableEntity>();
        try
        {
            await foreach (TableEntity entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == user))
            {
                events.Add(entity);
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // The table does not exist yet.
        }

        return events;
    }
}
