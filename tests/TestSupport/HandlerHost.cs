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
    public static async Task<HandlerHost> StartAsync(AzuriteFixture azurite, StorageLayoutOptions? layout = null, bool queueListener = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        layout ??= UniqueLayout();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = typeof(RecommenderApp).Assembly.GetName().Name });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RecommenderStorage"] = azurite.ConnectionString,
            ["AdminKey"] = AdminKey,
            ["ModelRefreshSeconds"] = "1",
            ["FeedbackCacheSeconds"] = "30",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddRecommender(new HostingMode(Standalone: true, Urls: "http://127.0.0.1:0"));
        builder.Services.Replace(ServiceDescriptor.Singleton(layout));
        if (!queueListener)
        {
            builder.Services.RemoveAll<IHostedService>();
            builder.Services.AddHostedService<StorageBootstrap>();
            builder.Services.AddHostedService<Recommender.Functions.Serving.ModelRefreshService>();
        }

        WebApplication app = builder.Build();
        app.MapRecommender();
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        return new HandlerHost(app, layout, client);
    }

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
