using System.Globalization;
using System.Text.Json;

namespace Recommender.Tests.Infra;

public class HostJsonTests
{
    private static JsonElement Host()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(InfraFiles.HostJson));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void HostJson_IsVersionTwoWithoutAnExtensionBundle()
    {
        JsonElement host = Host();

        // An isolated worker brings its extensions in its own output (extensions.json); a bundle would conflict.
        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.False(host.TryGetProperty("extensionBundle", out _));
        Assert.False(host.TryGetProperty("customHandler", out _));
    }

    [Fact]
    public void HostJson_KeepsPerRequestLogsQuietByDefault()
    {
        JsonElement levels = Host().GetProperty("logging").GetProperty("logLevel");

        // Per-invocation lines ("Executing", "Executed") come from the Function category; the app's own are Recommender.
        Assert.Equal("Warning", levels.GetProperty("default").GetString());
        Assert.Equal("Warning", levels.GetProperty("Function").GetString());
        Assert.Equal("Information", levels.GetProperty("Recommender").GetString());
    }

    [Fact]
    public void HostJson_QueueSettingsBoundRetriesAndVisibility()
    {
        JsonElement queues = Host().GetProperty("extensions").GetProperty("queues");

        // The host moves a message to feedback-poison after this many failed invocations.
        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.InRange(queues.GetProperty("batchSize").GetInt32(), 1, 32);
        Assert.True(TimeSpan.TryParse(queues.GetProperty("visibilityTimeout").GetString(), CultureInfo.InvariantCulture, out TimeSpan visibility) && visibility > TimeSpan.Zero);
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
    }

    [Fact]
    public void HostJson_KeepsTheApiRoutePrefixAndABoundedTimeout()
    {
        JsonElement host = Host();

        Assert.Equal("api", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.True(TimeSpan.TryParse(host.GetProperty("functionTimeout").GetString(), CultureInfo.InvariantCulture, out TimeSpan timeout));
        Assert.InRange(timeout, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30));
        Assert.Equal(JsonValueKind.Object, host.GetProperty("logging").GetProperty("logLevel").ValueKind);
    }
}
