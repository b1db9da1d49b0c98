using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Recommender.Tests.Functions.Demo;

/// <summary>The demo page in real Chromium against the real app: every step waits on what the page shows, with a deadline.</summary>
[Collection(DemoPageCollection.Name)]
public class DemoPageTests(DemoPageFixture fixture)
{
    private FunctionAppFixture App => fixture.App;

    [Fact]
    public async Task PickingAUser_ShowsTenTitlesWithReasons_AndMixedModeFollowsTheSlider()
    {
        IPage page = await fixture.NewPageAsync(App.Client.BaseAddress!);
        await page.GotoAsync("/api/demo");

        await page.FillAsync("#user-search", App.KnownUser);
        await page.ClickAsync("#open-user");

        ILocator items = page.Locator("#recommendations li");
        await Expect(items).ToHaveCountAsync(10);
        await Expect(page.Locator("#strategy")).ToHaveTextAsync("als");
        await Expect(page.Locator(".because").First).ToContainTextAsync("Because you liked ");
        Assert.EndsWith("?user=" + App.KnownUser, page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#model-version")).ToHaveTextAsync(App.V1);

        await page.SelectOptionAsync("#mode", "mixed");
        await page.Locator("#alpha").FillAsync("0.3");
        await Expect(page.Locator("#strategy")).ToHaveTextAsync("mixed");
        await Expect(page.Locator("#alpha-value")).ToHaveTextAsync("0.30");
        await Expect(items).ToHaveCountAsync(10);
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
        await DemoPageFixture.ScreenshotAsync(page, "demo-recommendations");
    }

    [Fact]
    public async Task EveryTitle_ShowsItsGenres_AndTheGenreFilterKeepsOnlyThoseGenres()
    {
        IPage page = await fixture.NewPageAsync(App.Client.BaseAddress!);
        await page.GotoAsync($"/api/demo?user={App.KnownUser}");
        ILocator genres = page.Locator("#recommendations li .genres");
        await Expect(genres).ToHaveCountAsync(10);
        Assert.All(await genres.AllInnerTextsAsync(), text => Assert.False(string.IsNullOrWhiteSpace(text)));

        // The user has seen many of the few comedies of the small catalogue: the API says how many are left to show.
        var api = await App.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/recommendations/{App.KnownUser}?k=10&includeGenres=Comedy");
        int comedies = api.GetProperty("items").GetArrayLength();
        await page.FillAsync("#genre", "comedy");
        await page.Locator("#genre").DispatchEventAsync("change");
        Assert.InRange(comedies, 1, 10);
        await Expect(genres).ToContainTextAsync(Enumerable.Repeat("Comedy", comedies).ToArray());

        await page.FillAsync("#genre", "Comdy");
        await page.Locator("#genre").DispatchEventAsync("change");
        await Expect(page.Locator("#error")).ToContainTextAsync("known genres");
    }

    [Fact]
    public async Task DislikingAnItem_MakesItVanishFromTheList()
    {
        IPage page = await fixture.NewPageAsync(App.Client.BaseAddress!);
        await page.GotoAsync($"/api/demo?user={App.KnownUser}");
        ILocator first = page.Locator("#recommendations li").First;
        await Expect(page.Locator("#recommendations li")).ToHaveCountAsync(10);
        string item = (await first.GetAttributeAsync("data-item-id"))!;

        await first.Locator(".dislike").ClickAsync();

        await Expect(page.Locator($"#recommendations li[data-item-id='{item}']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#recommendations li")).ToHaveCountAsync(9);
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task LikingAsANewUser_SwitchesTheStrategyToFoldIn()
    {
        IPage page = await fixture.NewPageAsync(App.Client.BaseAddress!);
        await page.GotoAsync("/api/demo");

        await page.ClickAsync("#new-user");
        await Expect(page.Locator("#strategy")).ToHaveTextAsync("popularity");
        await page.Locator("#recommendations li .like").First.ClickAsync();

        await Expect(page.Locator("#strategy")).ToHaveTextAsync("fold-in");
        await Expect(page.Locator(".because").First).ToContainTextAsync("Because you liked ");
    }

    [Fact]
    public async Task WhenTheApiAnswers401_ThePageAsksForAKeyOnce_AndSendsItFromThenOn()
    {
        // As in Azure, where the data routes take a function key: the browser sees 401 until the key comes along.
        const string Key = "data-route-key";
        IPage page = await fixture.NewPageAsync(App.Client.BaseAddress!);
        await page.RouteAsync("**/api/recommendations/**", async route =>
        {
            if (route.Request.Headers.TryGetValue("x-functions-key", out string? key) && key == Key)
            {
                await route.ContinueAsync();
            }
            else
            {
                await route.FulfillAsync(new RouteFulfillOptions { Status = 401 });
            }
        });
        int prompts = 0;
        page.Dialog += async (_, dialog) =>
        {
            Interlocked.Increment(ref prompts);
            await dialog.AcceptAsync(Key);
        };

        await page.GotoAsync($"/api/demo?user={App.KnownUser}");
        await Expect(page.Locator("#recommendations li")).ToHaveCountAsync(10);
        await page.SelectOptionAsync("#mode", "mixed");
        await Expect(page.Locator("#strategy")).ToHaveTextAsync("mixed");

        Assert.Equal(1, prompts);
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task ClickingATitle_ShowsItemsSimilarToIt()
    {
        IPage page = await fixture.NewPageAsync(App.Client.BaseAddress!);
        await page.GotoAsync($"/api/demo?user={App.KnownUser}");
        ILocator title = page.Locator("#recommendations li .item-title").First;
        await Expect(title).ToBeVisibleAsync();
        string text = await title.InnerTextAsync();

        await title.ClickAsync();

        await Expect(page.Locator("#similar")).ToBeVisibleAsync();
        await Expect(page.Locator("#similar-title")).ToHaveTextAsync(text);
        await Expect(page.Locator("#similar-items li")).ToHaveCountAsync(10);
    }

    [Fact]
    public async Task WithTheAdminKey_ActivatingTheOlderVersion_IsShownInTheModelPanel()
    {
        // A second version, promoted past the gate, so there is an older one to roll back to.
        string v2 = App.Train("--min-improve", "-1").Json.GetProperty("version").GetString()!;
        Assert.True(await FunctionAppFixture.EventuallyAsync(async () => await App.HealthVersionAsync() == v2), "the app did not swap to v2");
        IPage page = await fixture.NewPageAsync(App.Client.BaseAddress!);
        await page.GotoAsync("/api/demo");
        await Expect(page.Locator("#model-version")).ToHaveTextAsync(v2);

        await page.ClickAsync("#admin summary");
        await page.FillAsync("#admin-key", Recommender.Tests.TestSupport.FunctionsHostProcess.AdminKey);
        await page.ClickAsync("#admin-load");
        ILocator older = page.Locator($"#versions tr[data-version='{App.V1}']");
        await Expect(page.Locator($"#versions tr[data-version='{v2}'] .activate")).ToBeDisabledAsync();
        await older.Locator(".activate").ClickAsync();

        await Expect(page.Locator("#model-version")).ToHaveTextAsync(App.V1);
        await Expect(older.Locator(".activate")).ToBeDisabledAsync();
        await Expect(page.Locator("#start-training")).ToBeEnabledAsync();
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
        await DemoPageFixture.ScreenshotAsync(page, "demo-admin");
    }

    [Fact]
    public async Task WithoutAModel_ThePageSaysSoInASentence()
    {
        IPage page = await fixture.NewPageAsync(new Uri(fixture.EmptyApp.Client.BaseAddress!, "/"));
        await page.GotoAsync("/api/demo?user=someone");

        ILocator error = page.Locator("#error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("No model has been activated yet");
        await Expect(page.Locator("#model-version")).ToHaveTextAsync("none loaded");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Recommender demo");
        await DemoPageFixture.ScreenshotAsync(page, "demo-no-model");
    }

    [Fact]
    public async Task TheReferencePage_ListsEveryOperationOfTheDocument()
    {
        IPage page = await fixture.NewPageAsync(App.Client.BaseAddress!);
        await page.GotoAsync("/api/docs");

        await Expect(page.Locator("#title")).ToHaveTextAsync("Recommender API v1");
        await Expect(page.Locator("section.operation")).ToHaveCountAsync(18);
        await Expect(page.Locator("#Recommendations")).ToContainTextAsync("explain");
        await Expect(page.Locator("#ExperimentMetrics")).ToContainTextAsync("Wilson");
        await Expect(page.Locator("#Recommendations")).ToContainTextAsync("includeGenres");
        await Expect(page.Locator("#BlockItem")).ToContainTextAsync("Keep an item out of every answer");
    }
}
