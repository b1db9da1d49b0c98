using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Recommender.Core.Artifacts;
using Recommender.Functions.Admin;
using Recommender.Functions.Feedback;
using Recommender.Functions.Hosting;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// The real handler on Kestrel at 127.0.0.1 (a free port), standalone mode, against Azurite with storage names
/// of its own, so tests can run side by side.
/// </summary>
internal sealed class HandlerHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";

    private readonly WebApplication _app;

    private HandlerHost(WebApplication app, StorageLayoutOptions layout, HttpClient client)
    {
        _app = app;
        Layout = layout;
        Client = client;
    }

    public StorageLayoutOptions Layout { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public ModelRepository Repository => _app.Services.GetRequiredService<ModelRepository>();

    /// <summary>Unique storage names for one test.</summary>
    public static StorageLayoutOptions UniqueLayout() => new()
    {
        ModelsContainer = AzuriteFixture.UniqueName("models"),
        DataContainer = AzuriteFixture.UniqueName("data"),
        FeedbackQueue = AzuriteFixture.UniqueName("feedback"),
        FeedbackPoisonQueue = AzuriteFixture.UniqueName("poison"),
        FeedbackTable = AzuriteFixture.UniqueTableName("feedback"),
        TrainingRunsTable = AzuriteFixture.UniqueTableName("runs"),
    };

    /// <summary>Starts the handler; <paramref name="queueListener"/> false leaves queued messages alone for inspection.</summary>
    public static Task<HandlerHost> StartAsync(AzuriteFixture azurite, StorageLayoutOptions? layout = null, bool queueListener = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var merged = new Dictionary<string, string?> { ["ModelRefreshSeconds"] = "1", ["FeedbackCacheSeconds"] = "30" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return StartAsync(azurite, standalone: true, layout ?? UniqueLayout(), merged, services =>
        {
            if (!queueListener)
            {
                services.RemoveAll<IHostedService>();
                services.AddHostedService<StorageBootstrap>();
                services.AddHostedService<Recommender.Functions.Serving.ModelRefreshService>();
                services.AddHostedService<FeedbackIndexRefreshService>();
            }
        });
    }

    /// <summary>Starts the handler in either hosting mode; <paramref name="configure"/> replaces services.</summary>
    public static async Task<HandlerHost> StartAsync(AzuriteFixture azurite, bool standalone, StorageLayoutOptions layout, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? configure)
    {
        WebApplication app = Build(azurite.ConnectionString, standalone, layout, settings, configure);
        await app.StartAsync();
        return new HandlerHost(app, layout, new HttpClient { BaseAddress = new Uri(Address(app)), Timeout = TimeSpan.FromSeconds(60) });
    }

    /// <summary>Builds the app like Program does, with test settings; <paramref name="configure"/> replaces services.</summary>
    public static WebApplication Build(string storageConnectionString, bool standalone, StorageLayoutOptions layout, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = typeof(RecommenderApp).Assembly.GetName().Name });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RecommenderStorage"] = storageConnectionString,
            ["AdminKey"] = AdminKey,
            ["ModelRefreshSeconds"] = "60",
            ["TrainingLauncher"] = "process",

            // Valid but only on 29 February at midnight: the standalone scheduler never starts a run during a test.
            ["RetrainSchedule"] = "0 0 0 29 2 *",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddRecommender(new HostingMode(standalone, "http://127.0.0.1:0"));
        builder.Services.Replace(ServiceDescriptor.Singleton(layout));
        configure?.Invoke(builder.Services);
        WebApplication app = builder.Build();
        app.MapRecommender();
        return app;
    }

    /// <summary>The address Kestrel bound (port 0 picks a free one).</summary>
    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

    /// <summary>An admin request with the key header.</summary>
    public static HttpRequestMessage Admin(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(AdminKeyFilter.KeyHeader, AdminKey);
        return request;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return await condition();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
