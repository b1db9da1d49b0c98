using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Recommender.Tests.Functions.Faults;

/// <summary>
/// Storage faults under the real stack: with storage stopped or frozen, feedback answers 503 with Retry-After within
/// seconds and is accepted again by itself when storage returns; a retried client event id leaves one row.
/// </summary>
[Collection(FaultAppCollection.Name)]
public class StorageFaultTests(FaultAppFixture app)
{
    private static readonly TimeSpan _within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WithStorageStopped_FeedbackIs503WithRetryAfterWithinTenSeconds_AndAcceptedAgainAfterwards()
    {
        app.Storage.Stop();
        try
        {
            await AssertUnavailableWithinAsync();
        }
        finally
        {
            app.Storage.Open();
        }

        Assert.True(await FunctionAppFixture.EventuallyAsync(async () => await PostAsync(Event("like")) == HttpStatusCode.Accepted, TimeSpan.FromSeconds(30)), "feedback was not accepted again after storage returned:\n" + app.App.Log);
    }

    [Fact]
    public async Task WithStorageStopped_HealthAndTheModelListAnswer503WithinTenSeconds_AndHealthForgetsTheOutageAfterwards()
    {
        app.Storage.Stop();
        try
        {
            var clock = Stopwatch.StartNew();
            using HttpResponseMessage models = await app.Client.SendAsync(TestSupport.FunctionsHostProcess.Admin(HttpMethod.Get, "/api/models"));
            using HttpResponseMessage health = await app.Client.GetAsync("/api/health");
            clock.Stop();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, models.StatusCode);
            Assert.NotNull(models.Headers.RetryAfter?.Delta);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.True(clock.Elapsed < 2 * _within, $"the two answers took {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.DoesNotContain("127.0.0.1", await models.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(await FunctionAppFixture.EventuallyAsync(async () => await HealthDetailAsync() == Recommender.Functions.Serving.ModelCache.StorageDown, _within), "health never named the outage");
        }
        finally
        {
            app.Storage.Open();
        }

        // No model was ever published here: once storage answers, that is the reason health gives, not the old outage.
        Assert.True(await FunctionAppFixture.EventuallyAsync(async () => await HealthDetailAsync() is { } detail && detail.Contains("No model has been activated", StringComparison.Ordinal), TimeSpan.FromSeconds(30)), "health kept the outage after recovery");
    }

    [Fact]
    public async Task StartingWithStorageStopped_TheAppListensAtOnce_AndHealthSaysWhyWithinTenSeconds()
    {
        await using var gate = TestSupport.StorageGate.For(app.DirectConnectionString);
        gate.Stop();
        var clock = Stopwatch.StartNew();
        await using var started = await TestSupport.FunctionsHostProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["RecommenderStorage"] = gate.ConnectionString,
                ["ModelRefreshSeconds"] = "1",
                ["TrainingLauncher"] = "process",
                ["RetrainSchedule"] = "0 0 0 29 2 *",
            },
            TimeSpan.FromSeconds(30));
        TimeSpan ready = clock.Elapsed;

        using HttpResponseMessage health = await started.Client.GetAsync("/api/health");
        clock.Stop();
        JsonElement body = await health.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.False(body.GetProperty("storageReachable").GetBoolean());
        Assert.True(clock.Elapsed - ready < _within, $"health took {(clock.Elapsed - ready).TotalSeconds:0.0} s after start-up ({ready.TotalSeconds:0.0} s)");
    }

    [Fact]
    public async Task WithStorageFrozen_FeedbackIs503WithinTenSeconds_AndAcceptedAgainAfterwards()
    {
        app.Storage.Freeze();
        try
        {
            await AssertUnavailableWithinAsync();
        }
        finally
        {
            app.Storage.Open();
        }

        Assert.True(await FunctionAppFixture.EventuallyAsync(async () => await PostAsync(Event("like")) == HttpStatusCode.Accepted, TimeSpan.FromSeconds(30)), "feedback was not accepted again after storage thawed:\n" + app.App.Log);
    }

    [Fact]
    public async Task ARetriedEventId_LeavesOneRow()
    {
        string user = "retry-" + Guid.NewGuid().ToString("N")[..8];
        string eventId = Guid.NewGuid().ToString();
        string body = $$"""{"userId":"{{user}}","itemId":"movie-1","event":"like","eventId":"{{eventId}}"}""";

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(body));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(body));

        var table = new TableClient(app.DirectConnectionString, "feedback");
        var queue = new QueueClient(app.DirectConnectionString, "feedback");
        Assert.True(await FunctionAppFixture.EventuallyAsync(async () =>
            (await RowsOfAsync(table, user)).Count >= 1 && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0), "LogFeedback did not drain the queue:\n" + app.App.Log);
        TableEntity row = Assert.Single(await RowsOfAsync(table, user));
        Assert.Equal(eventId, row.RowKey);
    }

    private async Task AssertUnavailableWithinAsync()
    {
        var clock = Stopwatch.StartNew();
        using var content = new StringContent(Event("like"), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await app.Client.PostAsync("/api/feedback", content);
        clock.Stop();
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(clock.Elapsed < _within, $"503 took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument problem = JsonDocument.Parse(text);
        Assert.Equal("Storage unavailable", problem.RootElement.GetProperty("title").GetString());

        // What went wrong, not where: no endpoint, no type names.
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    private async Task<string?> HealthDetailAsync()
    {
        using HttpResponseMessage response = await app.Client.GetAsync("/api/health");
        JsonElement health = await response.Content.ReadFromJsonAsync<JsonElement>();
        return health.TryGetProperty("detail", out JsonElement detail) ? detail.GetString() : null;
    }

    private async Task<HttpStatusCode> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await app.Client.PostAsync("/api/feedback", content);
        return response.StatusCode;
    }

    private static string Event(string kind) => $$"""{"userId":"fault-user","itemId":"movie-1","event":"{{kind}}"}""";

    private static async Task<List<TableEntity>> RowsOfAsync(TableClient table, string user)
    {
        var rows = new List<TableEntity>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(e => e.PartitionKey == user))
        {
            rows.Add(row);
        }

        return rows;
    }
}
