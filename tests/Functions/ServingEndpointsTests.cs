using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions;

[Collection(AzuriteCollection.Name)]
public class ServingEndpointsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Recommendations_ForAKnownUser_ServesAlsFromTheActiveModel()
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, model.Layout);

        using HttpResponseMessage response = await host.Client.GetAsync($"/api/recommendations/{model.KnownUser}?k=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(model.Version, response.Headers.GetValues("X-Model-Version").Single());
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("als", body.GetProperty("strategy").GetString());
        Assert.Equal(model.Version, body.GetProperty("modelVersion").GetString());
        JsonElement items = body.GetProperty("items");
        Assert.Equal(5, items.GetArrayLength());
        Assert.All(items.EnumerateArray(), item => Assert.StartsWith("Synthetic Movie", item.GetProperty("title").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recommendations_MaskSeenItemsAndMixedModeIsAccepted()
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, model.Layout);
        var package = await host.Repository.LoadAsync(model.Version);
        int user = package.Users.TryGetIndex(model.KnownUser, out int u) ? u : -1;
        var seen = package.SeenItems.RowColumns(user).ToArray().Select(i => package.Items[i]).ToHashSet();

        JsonElement als = await host.Client.GetFromJsonAsync<JsonElement>($"/api/recommendations/{model.KnownUser}?k=50");
        JsonElement mixed = await host.Client.GetFromJsonAsync<JsonElement>($"/api/recommendations/{model.KnownUser}?k=50&mode=mixed&alpha=0.5");

        Assert.DoesNotContain(als.GetProperty("items").EnumerateArray(), i => seen.Contains(i.GetProperty("itemId").GetString()!));
        Assert.DoesNotContain(mixed.GetProperty("items").EnumerateArray(), i => seen.Contains(i.GetProperty("itemId").GetString()!));
        Assert.Equal("mixed", mixed.GetProperty("strategy").GetString());
    }

    [Fact]
    public async Task Recommendations_ForAnUnknownUserWithoutFeedback_FallBackToPopularity()
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, model.Layout);

        JsonElement body = await host.Client.GetFromJsonAsync<JsonElement>("/api/recommendations/nobody-knows-me?k=3");
        JsonElement popular = await host.Client.GetFromJsonAsync<JsonElement>("/api/popular?k=3");

        Assert.Equal("popularity", body.GetProperty("strategy").GetString());
        Assert.Equal(
            popular.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()),
            body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
    }

    [Fact]
    public async Task Similar_ExcludesTheItemAndUnknownItemIs404()
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, model.Layout);

        JsonElement similar = await host.Client.GetFromJsonAsync<JsonElement>($"/api/similar/{model.KnownItem}?k=4");
        using HttpResponseMessage missing = await host.Client.GetAsync("/api/similar/no-such-item");

        Assert.Equal(4, similar.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain(similar.GetProperty("items").EnumerateArray(), i => i.GetProperty("itemId").GetString() == model.KnownItem);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/recommendations/u1?k=abc")]
    [InlineData("/api/recommendations/u1?k=0")]
    [InlineData("/api/recommendations/u1?k=5000")]
    [InlineData("/api/recommendations/u1?k=99999999999999999999")]
    [InlineData("/api/recommendations/u1?mode=best")]
    [InlineData("/api/recommendations/u1?mode=mixed&alpha=2")]
    [InlineData("/api/popular?k=-1")]
    [InlineData("/api/similar/x?k=1001")]
    public async Task BadQueryParameters_Are400WithProblemJson(string path)
    {
        var model = await PublishedModel.TrainAsync(azurite);
        await using var host = await FunctionAppHost.StartAsync(azurite, model.Layout);

        using HttpResponseMessage response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Health_Is503WithAReasonWhileNoModelExists_ThenReportsTheModel()
    {
        var layout = FunctionAppHost.UniqueLayout();
        await using var host = await FunctionAppHost.StartAsync(azurite, layout);

        using HttpResponseMessage down = await host.Client.GetAsync("/api/health");
        JsonElement downBody = await down.Content.ReadFromJsonAsync<JsonElement>();
        using HttpResponseMessage recommendations = await host.Client.GetAsync("/api/recommendations/u1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("current.json", downBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, recommendations.StatusCode);

        var model = await PublishedModel.TrainAsync(azurite, layout);
        Assert.True(await FunctionAppHost.EventuallyAsync(async () => (await host.Client.GetAsync("/api/health")).StatusCode == HttpStatusCode.OK));
        JsonElement up = await host.Client.GetFromJsonAsync<JsonElement>("/api/health");
        Assert.Equal(model.Version, up.GetProperty("modelVersion").GetString());
        Assert.Equal(300, up.GetProperty("users").GetInt32());
        Assert.Equal(16, up.GetProperty("factors").GetInt32());
        Assert.True(up.GetProperty("storageReachable").GetBoolean());
    }
}
