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

    [Fact]
    public async Task Post_ValidEvent_Is202AndTheEventIsOnTheQueue()
    {
        await using var host = await FunctionAppHost.StartAsync(azurite);

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
        await using var host = await FunctionAppHost.StartAsync(azurite);

        using HttpResponseMessage response = await host.Client.PostAsync("/api/feedback", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await azurite.PeekTextsAsync(host.Layout.FeedbackQueue));
    }

    [Fact]
    public async Task Post_TooLongIdAndOversizeBodyAndWrongContentType_AreRefusedAndEnqueueNothing()
    {
        await using var host = await FunctionAppHost.StartAsync(azurite);
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
    public async Task LogFeedback_WritesTheRowOnce_EvenWhenDeliveredTwice()
    {
        await using var host = await FunctionAppHost.StartAsync(azurite);
        string message = new FeedbackEvent { EventId = "evt-1", UserId = "u1", ItemId = "i1", Event = FeedbackKind.Like, Timestamp = DateTimeOffset.UtcNow }.ToJson();

        await host.LogFeedbackAsync(message);
        await host.LogFeedbackAsync(message);

        var rows = new List<FeedbackEvent>();
        await foreach (FeedbackEvent e in new FeedbackLog(azurite.Tables, host.Layout.FeedbackTable).ReadAllAsync())
        {
            rows.Add(e);
        }

        Assert.Equal("evt-1", Assert.Single(rows).EventId);
    }

    [Theory]
    [InlineData("this is not an event")]
    [InlineData("""{"eventId":"e","userId":"u","itemId":"i","event":"shrug","timestamp":"2026-11-25T08:00:00Z"}""")]
    [InlineData("")]
    public async Task LogFeedback_WithAMessageThatIsNotAnEvent_ThrowsSoTheHostRetriesAndPoisonsIt(string message)
    {
        await using var host = await FunctionAppHost.StartAsync(azurite);

        await Assert.ThrowsAsync<FormatException>(() => host.LogFeedbackAsync(message));

        // The host owns the poison queue now: the function writes nothing anywhere.
        Assert.Empty(await azurite.PeekTextsAsync(host.Layout.FeedbackPoisonQueue));
        await foreach (FeedbackEvent _ in new FeedbackLog(azurite.Tables, host.Layout.FeedbackTable).ReadAllAsync())
        {
            Assert.Fail("a row was written for a bad message");
        }
    }

    [Fact]
    public async Task PostedEvent_ReachesTheTableThroughTheQueueAndLogFeedback()
    {
        await using var host = await FunctionAppHost.StartAsync(azurite);
        using HttpResponseMessage accepted = await host.Client.PostAsync("/api/feedback", Json("""{"userId":"u7","itemId":"i7","event":"view"}"""));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        Assert.Equal(1, await host.DeliverQueuedFeedbackAsync());

        var events = new List<FeedbackEvent>();
        await foreach (FeedbackEvent e in new FeedbackLog(azurite.Tables, host.Layout.FeedbackTable).ReadUserAsync("u7"))
        {
            events.Add(e);
        }

        Assert.Equal("i7", Assert.Single(events).ItemId);
        Assert.Empty(await azurite.PeekTextsAsync(host.Layout.FeedbackQueue));
    }
}
