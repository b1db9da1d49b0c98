using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Faults;

/// <summary>
/// Hostile bodies against the real stack (client → host stand-in → worker): broken HTTP framing is the client's 400 or
/// 413, never a 500, and feedback is read strictly, each refusal naming the field.
/// </summary>
[Collection(FaultAppCollection.Name)]
public class BadInputFaultTests(FaultAppFixture app)
{
    private static readonly TimeSpan _answerWithin = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ABodyThatStopsShortOfItsContentLength_Is408OnceTheServerStopsWaiting()
    {
        // The connection stays open, so only the server's minimum body rate can tell the body will not come.
        int? status = await RawHttp.SendAsync(app.Client.BaseAddress!, Head("Content-Length: 100"), Encoding.ASCII.GetBytes("{}"), closeSend: false, _answerWithin);

        Assert.Equal(408, status);
    }

    [Fact]
    public async Task ABodyCutShortByTheClient_GetsNoServerError()
    {
        // The client closes its side after two of the hundred bytes: the request is void; whatever answer comes is not a 5xx.
        int? status = await RawHttp.SendAsync(app.Client.BaseAddress!, Head("Content-Length: 100"), Encoding.ASCII.GetBytes("{}"), closeSend: true, _answerWithin);

        Assert.True(status is null or 400, $"got {status}");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/admin/host/status")).StatusCode);
    }

    [Fact]
    public async Task AMalformedChunkedBody_Is400()
    {
        int? status = await RawHttp.SendAsync(app.Client.BaseAddress!, Head("Transfer-Encoding: chunked"), Encoding.ASCII.GetBytes("zz\r\n{}\r\n0\r\n\r\n"), closeSend: false, _answerWithin);

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task AHugeContentLength_Is413_WithoutWaitingForTheBody()
    {
        int? status = await RawHttp.SendAsync(app.Client.BaseAddress!, Head("Content-Length: 10737418240"), Encoding.ASCII.GetBytes("{}"), closeSend: false, _answerWithin);

        Assert.Equal(413, status);
    }

    [Fact]
    public async Task AFeedbackBodyOverTheEventLimit_Is413FromTheWorker()
    {
        using var content = new StringContent(new string(' ', 64 * 1024), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await app.Client.PostAsync("/api/feedback", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"userId":"u","itemId":"i","event":99}""", "event")]
    [InlineData("""{"userId":"u","itemId":"i","event":0}""", "event")]
    [InlineData("""{"userId":"u","itemId":"i","event":"like,dislike"}""", "event")]
    [InlineData("""{"userId":"u","itemId":"i","event":"Like"}""", "event")]
    [InlineData("""{"userId":"u","itemId":"i","event":"rating","value":"3"}""", "value")]
    [InlineData("""{"userId":"u","itemId":"i","event":"like","event":"dislike"}""", "event")]
    [InlineData("""{"userId":"u","UserId":"v","itemId":"i","event":"like"}""", "UserId")]
    [InlineData("""{"userid":"u","itemId":"i","event":"like"}""", "userid")]
    [InlineData("""{"userId":"u","itemId":"i","event":"like","timestamp":"1600-12-31T23:59:59Z"}""", "timestamp")]
    [InlineData("""{"userId":"u","itemId":"i","event":"like","timestamp":"yesterday"}""", "timestamp")]
    [InlineData("""{"userId":"u","itemId":"i","event":"like","eventId":"a/b"}""", "eventId")]
    [InlineData("""{"userId":42,"itemId":"i","event":"like"}""", "userId")]
    [InlineData("""{"userId":"\ud800","itemId":"i","event":"like"}""", "userId")]
    public async Task AStrictlyInvalidEvent_Is400_NamingTheField(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await app.Client.PostAsync("/api/feedback", content);
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument problem = JsonDocument.Parse(text);
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
        Assert.Contains(field, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEventOutsideTheAllowedOnes_SaysWhichAreAllowed()
    {
        using var content = new StringContent("""{"userId":"u","itemId":"i","event":99}""", Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await app.Client.PostAsync("/api/feedback", content);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        string detail = problem.GetProperty("detail").GetString()!;
        foreach (string allowed in new[] { "like", "dislike", "view", "rating" })
        {
            Assert.Contains($"\"{allowed}\"", detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("application/jsonx")]
    [InlineData("text/json")]
    [InlineData("application/json; charset=latin1")]
    public async Task AContentTypeOtherThanJson_Is415(string contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"userId":"u","itemId":"i","event":"like"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using HttpResponseMessage response = await app.Client.PostAsync("/api/feedback", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Head(string framing) => $"""
        POST /api/feedback HTTP/1.1
        Host: 127.0.0.1
        Content-Type: application/json
        {framing}

        """;
}
