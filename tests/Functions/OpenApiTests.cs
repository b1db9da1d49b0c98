using System.Net.Http.Json;
using System.Text.Json;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions;

[Collection(AzuriteCollection.Name)]
public class OpenApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task OpenApiDocument_DescribesEveryPublicRoute()
    {
        await using var host = await HandlerHost.StartAsync(azurite, queueListener: false);

        JsonElement document = await host.Client.GetFromJsonAsync<JsonElement>("/api/openapi/v1.json");

        JsonElement paths = document.GetProperty("paths");
        foreach (string path in new[] { "/api/recommendations/{userId}", "/api/similar/{itemId}", "/api/popular", "/api/feedback", "/api/health", "/api/models", "/api/models/{version}/activate", "/api/training", "/api/training/runs" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"the OpenAPI document lacks {path}");
        }

        Assert.False(paths.TryGetProperty("/LogFeedback", out _));
    }
}
