using System.Reflection;
using Microsoft.Playwright;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Demo;

/// <summary>
/// Real Chromium (Debian's /usr/bin/chromium, driven by Playwright) against two running Function Apps: one serving a
/// trained model (the shared <see cref="FunctionAppFixture"/>) and one on an empty storage account, with no model yet.
/// </summary>
public sealed class DemoPageFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private AzuriteInstance? _emptyStorage;
    private IPlaywright? _playwright;

    public FunctionAppFixture App { get; } = new();

    internal FunctionsHostProcess EmptyApp { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Task trained = App.InitializeAsync();
        _emptyStorage = AzuriteInstance.Start();
        EmptyApp = await FunctionsHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RecommenderStorage"] = _emptyStorage.ConnectionString,
            ["ModelRefreshSeconds"] = "1",
            ["TrainingLauncher"] = "process",
            ["RetrainSchedule"] = "0 0 0 29 2 *",
        });

        // The Node driver stays in the NuGet package folder (the build does not copy it): point Playwright at it.
        if (Environment.GetEnvironmentVariable("PLAYWRIGHT_DRIVER_SEARCH_PATH") is null)
        {
            string driver = typeof(DemoPageFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PlaywrightDriver").Value!;
            Environment.SetEnvironmentVariable("PLAYWRIGHT_DRIVER_SEARCH_PATH", driver);
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        Assertions.SetDefaultExpectTimeout(30_000);
        await trained;
    }

    /// <summary>A fresh page (own cookies and storage) on an app.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Saves a screenshot of the page when RECOMMENDER_SCREENSHOTS_DIR names a folder (README's pictures in docs/ come
    /// from such a run); does nothing otherwise.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        string? folder = Environment.GetEnvironmentVariable("RECOMMENDER_SCREENSHOTS_DIR");
        if (!string.IsNullOrEmpty(folder))
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (EmptyApp is not null)
        {
            await EmptyApp.DisposeAsync();
        }

        _emptyStorage?.Dispose();
        await App.DisposeAsync();
    }
}
