using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Rules;

/// <summary>
/// Serving rules on the real stack (the built worker under the host stand-in, on Azurite): a block removes the item
/// from every strategy's answer at once on the instance that received it, reaches a second instance within its refresh
/// interval, and unblocking brings the item back; the routes need the admin key. Genre filters keep K items of the
/// asked genres, and every served item carries its genres.
/// </summary>
public class RulesEndToEndTests(RulesAppFixture app) : IClassFixture<RulesAppFixture>
{
    private const int K = 8;

    [Fact]
    public async Task ABlockedItem_DisappearsFromEveryStrategyAtOnce_IsListed_AndUnblockingBringsItBack()
    {
        string foldInUser = await FoldInUserAsync();
        Dictionary<string, string[]> before = await EveryStrategyAsync(foldInUser);
        string[] blocked = [.. before.Values.Select(ids => ids[0]).Distinct()];

        foreach (string item in blocked)
        {
            using HttpResponseMessage put = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Put, $"/api/rules/blocked-items/{item}"));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            JsonElement rule = await put.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(item, rule.GetProperty("itemId").GetString());
            Assert.True(rule.GetProperty("inServingModel").GetBoolean());
        }

        // The instance that took the change applies it at once: no waiting (its own refresh is an hour away).
        Dictionary<string, string[]> during = await EveryStrategyAsync(foldInUser);
        JsonElement listed = await AdminGetAsync("/api/rules/blocked-items");
        foreach (string item in blocked)
        {
            using HttpResponseMessage delete = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Delete, $"/api/rules/blocked-items/{item}"));
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Dictionary<string, string[]> after = await EveryStrategyAsync(foldInUser);

        Assert.Equal(["als", "mixed", "fold-in", "popularity", "popular", "similar"], during.Keys);
        foreach (var (strategy, ids) in during)
        {
            Assert.True(ids.Length == K, $"{strategy} answered {ids.Length} items with blocks, not {K}");
            Assert.True(!ids.Intersect(blocked).Any(), $"{strategy} served blocked {string.Join(", ", ids.Intersect(blocked))}");
        }

        Assert.Equal(blocked.Order(StringComparer.Ordinal), listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(before, after);
        Assert.Empty((await AdminGetAsync("/api/rules/blocked-items")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ASecondInstance_SeesABlockAndItsRemovalWithinItsRefreshInterval()
    {
        await using FunctionsHostProcess second = await FunctionsHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RecommenderStorage"] = app.ConnectionString,
            ["ModelRefreshSeconds"] = "1",
            ["RulesRefreshSeconds"] = "1",
            ["TrainingLauncher"] = "process",
            ["RetrainSchedule"] = "0 0 0 29 2 *",
        });
        Assert.True(await FunctionAppFixture.EventuallyAsync(async () => (await PopularAsync(second.Client)).Length == K), $"the second instance never served:\n{second.Log}");
        string top = (await PopularAsync(second.Client))[0];

        using HttpResponseMessage put = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Put, $"/api/rules/blocked-items/{top}"));
        bool hidden = await FunctionAppFixture.EventuallyAsync(async () => !(await PopularAsync(second.Client)).Contains(top), TimeSpan.FromSeconds(20));
        using HttpResponseMessage delete = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Delete, $"/api/rules/blocked-items/{top}"));
        bool back = await FunctionAppFixture.EventuallyAsync(async () => (await PopularAsync(second.Client))[0] == top, TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True(hidden, "the second instance still served the blocked item 20 s after the block");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.True(back, "the second instance did not serve the item again 20 s after the unblock");
    }

    [Fact]
    public async Task TheRulesRoutes_NeedTheAdminKey_AndRefuseABadItemIdNamingTheField()
    {
        using HttpResponseMessage listNoKey = await app.Client.GetAsync("/api/rules/blocked-items");
        using HttpResponseMessage putNoKey = await app.Client.PutAsync($"/api/rules/blocked-items/{app.KnownItem}", null);
        using HttpResponseMessage deleteNoKey = await app.Client.DeleteAsync($"/api/rules/blocked-items/{app.KnownItem}");
        var wrong = new HttpRequestMessage(HttpMethod.Put, $"/api/rules/blocked-items/{app.KnownItem}");
        wrong.Headers.Add("x-functions-key", "wrong-key");
        using HttpResponseMessage wrongKey = await app.Client.SendAsync(wrong);
        using HttpResponseMessage tooLong = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Put, "/api/rules/blocked-items/" + new string('x', 129)));
        using HttpResponseMessage notBlocked = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Delete, "/api/rules/blocked-items/never-blocked"));

        Assert.Equal(HttpStatusCode.Unauthorized, listNoKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, putNoKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, deleteNoKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType?.MediaType);
        Assert.Equal("itemId", (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, notBlocked.StatusCode);
        Assert.Empty((await AdminGetAsync("/api/rules/blocked-items")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task AnItemTheModelDoesNotKnow_CanBeBlockedAheadOfALaterModel()
    {
        using HttpResponseMessage put = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Put, "/api/rules/blocked-items/item-of-a-later-model"));
        JsonElement rule = await put.Content.ReadFromJsonAsync<JsonElement>();
        JsonElement listed = await AdminGetAsync("/api/rules/blocked-items");
        using HttpResponseMessage delete = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Delete, "/api/rules/blocked-items/item-of-a-later-model"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.False(rule.GetProperty("inServingModel").GetBoolean());
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("itemId").GetString() == "item-of-a-later-model");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task EveryServedItem_CarriesItsGenres_AndIncludeGenresKeepsKItemsOfThoseGenresInEveryRoute()
    {
        foreach (string route in new[] { $"/api/recommendations/{app.KnownUser}", $"/api/recommendations/{app.KnownUser}?mode=mixed", "/api/popular", $"/api/similar/{app.KnownItem}" })
        {
            string separator = route.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            JsonElement open = await GetAsync($"{route}{separator}k={K}");
            JsonElement comedy = await GetAsync($"{route}{separator}k={K}&includeGenres=comedy,%20DRAMA");
            JsonElement noDrama = await GetAsync($"{route}{separator}k={K}&excludeGenres=Drama");

            Assert.All(open.GetProperty("items").EnumerateArray(), i => Assert.NotEqual(0, i.GetProperty("genres").GetArrayLength()));
            Assert.Equal(K, comedy.GetProperty("items").GetArrayLength());
            Assert.All(comedy.GetProperty("items").EnumerateArray(), i => Assert.True(Genres(i).Overlaps(["Comedy", "Drama"]), $"{route}: {i} is neither comedy nor drama"));
            Assert.Equal(K, noDrama.GetProperty("items").GetArrayLength());
            Assert.All(noDrama.GetProperty("items").EnumerateArray(), i => Assert.DoesNotContain("Drama", Genres(i)));
        }
    }

    [Theory]
    [InlineData("includeGenres=Comdy", "includeGenres", "Comedy")]
    [InlineData("excludeGenres=Drama,Westerns", "excludeGenres", "Westerns")]
    [InlineData("includeGenres=", "includeGenres", "empty")]
    [InlineData("excludeGenres=Drama,,Comedy", "excludeGenres", "empty")]
    public async Task ABadGenreFilter_Is400NamingTheField_AndAnUnknownGenreListsTheKnownOnes(string query, string field, string inDetail)
    {
        foreach (string route in new[] { $"/api/recommendations/{app.KnownUser}?", "/api/popular?", $"/api/similar/{app.KnownItem}?" })
        {
            using HttpResponseMessage response = await app.Client.GetAsync(route + query);
            JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.Contains(inDetail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>A new user whose liked item makes the app fold them in (the like goes through the queue).</summary>
    private async Task<string> FoldInUserAsync()
    {
        string user = "rules-new-" + Guid.NewGuid().ToString("N")[..8];
        using var like = new HttpRequestMessage(HttpMethod.Post, "/api/feedback")
        {
            Content = new StringContent($$"""{"userId":"{{user}}","itemId":"{{app.KnownItem}}","event":"like"}""", Encoding.UTF8, "application/json"),
        };
        using HttpResponseMessage posted = await app.Client.SendAsync(like);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.True(
            await FunctionAppFixture.EventuallyAsync(async () => (await GetAsync($"/api/recommendations/{user}?k={K}")).GetProperty("strategy").GetString() == "fold-in"),
            "the new user was never folded in");
        return user;
    }

    private async Task<Dictionary<string, string[]>> EveryStrategyAsync(string foldInUser)
    {
        var answers = new Dictionary<string, string[]>();
        foreach (string path in new[]
        {
            $"/api/recommendations/{app.KnownUser}?k={K}",
            $"/api/recommendations/{app.KnownUser}?k={K}&mode=mixed&alpha=0.5",
            $"/api/recommendations/{foldInUser}?k={K}",
            $"/api/recommendations/nobody-{Guid.NewGuid():N}?k={K}",
        })
        {
            JsonElement body = await GetAsync(path);
            answers[body.GetProperty("strategy").GetString()!] = Ids(body);
        }

        answers["popular"] = Ids(await GetAsync($"/api/popular?k={K}"));
        answers["similar"] = Ids(await GetAsync($"/api/similar/{app.KnownItem}?k={K}"));
        return answers;
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using HttpResponseMessage response = await app.Client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> AdminGetAsync(string path)
    {
        using HttpResponseMessage response = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string[]> PopularAsync(HttpClient client)
    {
        using HttpResponseMessage response = await client.GetAsync($"/api/popular?k={K}");
        return response.IsSuccessStatusCode ? Ids(await response.Content.ReadFromJsonAsync<JsonElement>()) : [];
    }

    private static HashSet<string> Genres(JsonElement item) => [.. item.GetProperty("genres").EnumerateArray().Select(g => g.GetString()!)];

    private static string[] Ids(JsonElement body) => [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!)];
}
