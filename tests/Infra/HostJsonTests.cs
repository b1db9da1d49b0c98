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
    public void HostJson_IsVersionTwoWithTheV4ExtensionBundle()
    {
        JsonElement host = Host();

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        JsonElement bundle = host.GetProperty("extensionBundle");
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", bundle.GetProperty("id").GetString());
        Assert.Equal("[4.*, 5.0.0)", bundle.GetProperty("version").GetString());
    }

    [Fact]
    public void HostJson_RunsTheHandlerExecutableWithHttpForwarding()
    {
        JsonElement handler = Host().GetProperty("customHandler");
        JsonElement description = handler.GetProperty("description");

        Assert.Equal("handler", description.GetProperty("defaultExecutablePath").GetString());
        Assert.Equal(JsonValueKind.String, description.GetProperty("workingDirectory").ValueKind);
        Assert.Equal(JsonValueKind.Array, description.GetProperty("arguments").ValueKind);
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
    }

    [Fact]
    public void HostJson_QueueSettingsBoundRetriesAndVisibility()
    {
        JsonElement queues = Host().GetProperty("extensions").GetProperty("queues");

        // The standalone queue listener must use the same maximum before moving a message to feedback-poison.
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
