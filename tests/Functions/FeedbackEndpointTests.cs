using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recommender.Core.Feedback;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions;

[Collection(AzuriteCollection.Name)]
public class FeedbackEndpointTests(AzuriteFixture azurite)
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> PostInvocationAsync(HandlerHost host, string payload)
    {
        HttpRequestMessage request = HandlerHost.Admin(HttpMethod.Post, "/LogFeedback");
        request.Content = Json(payload);
        return await host.Client.SendAsync(request);
    }

    [Fact]
    public async Task LogFeedbackInvocation_InStandaloneMode_NeedsTheAdminKey()
    {
        await using var host = await HandlerHost.StartAsync(azurite, queueListener: false);

        using HttpResponseMessage response = await host.Client.PostAsync("/LogFeedback", Json("""{"Data":{"message":"x"}}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await azurite.PeekTextsAsync(host.Layout.FeedbackPoisonQueue));
    }

    [Fact]
    public async Task Post_ValidEvent_Is202AndTheEventIsOnTheQueue()
    {
        await using var host = await HandlerHost.StartAsync(azurite, queueListener: false);

        using HttpResponseMessage response = await host.Client.PostAsync("/api/feedback", Json("""{"userId":"u 1/#?","itemId":"movie-9","event":"rating","value":4.5}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string eventId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetString()!;
        var messages = await azurite.PeekTextsAsync(host.Layout.FeedbackQueue);
        FeedbackEvent queued = FeedbackEvent.Parse(Assert.Single(messages));
        Assert.Equal(eventId, queued.EventId);
        Assert.Equal("u 1/#?", queued.UserId);
        Assert.Equal(FeedbackKind.Rating, queued.Event);
        Assert.Equal(4.5, queued.Value);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"userId":"u","itemId":"i","event":"like","extra":1}""")]
    [InlineData("""{"userId":"u","itemId":"i","event":"shrug"}""")]
    [InlineData("""{"userId":"u","itemId":"i"}""")]
    [InlineData("""{"userId":"u","itemId":"i","event":"rating","value":7}""")]
    [InlineData("""{"userId":"u","itemId":"i","event":"rating"}""")]
    [InlineData("""{"userId":"u","itemId":"i","event":"like","value":3}""")]
    [InlineData("""{"userId":"","itemId":"i","event":"like"}""")]
    [InlineData("""{"userId":"u\u0001","itemId":"i","event":"like"}""")]
    [InlineData("[]")]
    public async Task Post_InvalidEvent_Is400ProblemAndEnqueuesNothing(string body)
    {
        await using var host = await HandlerHost.StartAsync(azurite, queueListener: false);

        using HttpResponseMessage response = await host.Client.PostAsync("/api/feedback", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await azurite.PeekTextsAsync(host.Layout.FeedbackQueue));
    }

    [Fact]
    public async Task Post_TooLongIdAndOversizeBodyAndWrongContentType_AreRefusedAndEnqueueNothing()
    {
        await using var host = await HandlerHost.StartAsync(azurite, queueListener: false);
        string longId = new('x', 129);

        using HttpResponseMessage tooLong = await host.Client.PostAsync("/api/feedback", Json($$"""{"userId":"{{longId}}","itemId":"i","event":"like"}"""));
        using HttpResponseMessage oversize = await host.Client.PostAsync("/api/feedback", Json($$"""{"userId":"u","itemId":"i","event":"like","pad":"{{new string(' ', 5000)}}"}"""));
        using HttpResponseMessage plainText = await host.Client.PostAsync("/api/feedback", new StringContent("""{"userId":"u","itemId":"i","event":"like"}""", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversize.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plainText.StatusCode);
        Assert.Empty(await azurite.PeekTextsAsync(host.Layout.FeedbackQueue));
    }

    [Fact]
    public async Task LogFeedbackInvocation_WritesTheRowOnce_EvenWhenDeliveredTwice()
    {
        await using var host = await HandlerHost.StartAsync(azurite, queueListener: false);
        string message = new FeedbackEvent { EventId = "evt-1", UserId = "u1", ItemId = "i1", Event = FeedbackKind.Like, Timestamp = DateTimeOffset.UtcNow }.ToJson();
        string payload = JsonSerializer.Serialize(new
        {
            Data = new { message },
            Metadata = new { DequeueCount = 1, Id = "m-1", sys = new { MethodName = "LogFeedback", UtcNow = DateTime.UtcNow } },
        });

        using HttpResponseMessage first = await PostInvocationAsync(host, payload);
        using HttpResponseMessage second = await PostInvocationAsync(host, payload);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        JsonElement body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.TryGetProperty("outputs", out _) || body.TryGetProperty("Outputs", out _));
        Assert.Contains("Logged", body.ToString(), StringComparison.Ordinal);
        Assert.Contains("Duplicate", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var rows = new List<FeedbackEvent>();
        await foreach (FeedbackEvent e in new FeedbackLog(azurite.Tables, host.Layout.FeedbackTable).ReadAllAsync())
        {
            rows.Add(e);
        }

        Assert.Equal("evt-1", Assert.Single(rows).EventId);
    }

    [Fact]
    public async Task LogFeedbackInvocation_SendsAnUnparseableMessageToThePoisonQueue()
    {
        await using var host = await HandlerHost.StartAsync(azurite, queueListener: false);
        string payload = JsonSerializer.Serialize(new { Data = new { message = "this is not an event" }, Metadata = new { DequeueCount = 1 } });

        using HttpResponseMessage response = await PostInvocationAsync(host, payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("this is not an event", Assert.Single(await azurite.PeekTextsAsync(host.Layout.FeedbackPoisonQueue)));
    }

    [Fact]
    public async Task QueueListener_InStandaloneMode_LogsEventsAndPoisonsGarbage()
    {
        await using var host = await HandlerHost.StartAsync(azurite);
        using HttpResponseMessage accepted = await host.Client.PostAsync("/api/feedback", Json("""{"userId":"u7","itemId":"i7","event":"view"}"""));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await azurite.SendTextAsync(host.Layout.FeedbackQueue, "garbage");
        var log = new FeedbackLog(azurite.Tables, host.Layout.FeedbackTable);

        bool logged = await HandlerHost.EventuallyAsync(async () =>
        {
            await foreach (FeedbackEvent e in log.ReadUserAsync("u7"))
            {
                return e.ItemId == "i7";
            }

            return false;
        });
        bool poisoned = await HandlerHost.EventuallyAsync(async () => (await azurite.PeekTextsAsync(host.Layout.FeedbackPoisonQueue)).Count == 1);

        Assert.True(logged, "the listener did not log the event");
        Assert.True(poisoned, "the listener did not move the garbage message to the poison queue");
        Assert.True(await HandlerHost.EventuallyAsync(async () => (await azurite.PeekTextsAsync(host.Layout.FeedbackQueue)).Count == 0));
    }
}
