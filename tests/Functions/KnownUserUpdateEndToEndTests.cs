using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Recommender.Tests.Functions;

/// <summary>
/// Real-time updates for a user the model knows, on real parts: the built worker run by the host stand-in against
/// Azurite, a model trained and published by the training job, a like posted through the queue and the table.
/// </summary>
public class KnownUserUpdateEndToEndTests(FunctionAppFixture app) : IClassFixture<FunctionAppFixture>
{
    [Fact]
    public async Task AKnownUsersLike_ChangesTheirListAtOnce_AndTheLikedItemNeverComesBack()
    {
        string user = app.KnownUser;
        JsonElement before = await RecommendationsAsync(user);
        string[] beforeItems = Items(before);
        string liked = beforeItems[0];
        Assert.Equal("als", before.GetProperty("strategy").GetString());

        using (HttpResponseMessage posted = await app.Client.PostAsync(
            "/api/feedback",
            new StringContent($$"""{"userId":"{{user}}","itemId":"{{liked}}","event":"like"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        // LogFeedback writes the like and hands it to this instance's feedback index; the list changes once it has.
        JsonElement after = default;
        Assert.True(
            await FunctionAppFixture.EventuallyAsync(async () =>
            {
                after = await RecommendationsAsync(user);
                return !Items(after).SequenceEqual(beforeItems);
            }),
            "the known user's list never changed after their like:\n" + app.App.Log);

        Assert.Equal("als-updated", after.GetProperty("strategy").GetString());
        Assert.DoesNotContain(liked, Items(after));
        Assert.Equal(beforeItems.Length, Items(after).Length);

        // The vector was re-solved, not only masked: the items kept from before are scored differently.
        string kept = beforeItems[1];
        Assert.NotEqual(Score(before, kept), Score(after, kept));

        // It stays out, on every later request and with explanations asked for.
        JsonElement explained = await RecommendationsAsync(user, "&k=50&explain=true");
        Assert.DoesNotContain(liked, Items(explained));
        Assert.Contains(explained.GetProperty("items").EnumerateArray(), i => i.GetProperty("because").GetArrayLength() > 0);
    }

    private async Task<JsonElement> RecommendationsAsync(string user, string query = "&k=10") =>
        await app.Client.GetFromJsonAsync<JsonElement>($"/api/recommendations/{user}?mode=als{query}");

    private static string[] Items(JsonElement body) =>
        [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!)];

    private static float? Score(JsonElement body, string item) =>
        body.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("itemId").GetString() == item).Select(i => (float?)i.GetProperty("score").GetSingle()).FirstOrDefault();
}
