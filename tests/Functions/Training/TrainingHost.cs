using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Functions.Hosting;
using Recommender.Functions.Training;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Training;

/// <summary>
/// The real handler on Kestrel at 127.0.0.1 (a free port) against Azurite with its own storage names, in either
/// hosting mode, with the training services open to replacement (launcher, training options, ARM endpoint).
/// </summary>
internal sealed class TrainingHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TrainingHost(WebApplication app, StorageLayoutOptions layout, HttpClient client)
    {
        _app = app;
        Layout = layout;
        Client = client;
    }

    public StorageLayoutOptions Layout { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public TrainingRunLog Runs => _app.Services.GetRequiredService<TrainingRunLog>();

    public TrainingCoordinator Coordinator => _app.Services.GetRequiredService<TrainingCoordinator>();

    public static async Task<TrainingHost> StartAsync(AzuriteFixture azurite, bool standalone = true, StorageLayoutOptions? layout = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        layout ??= HandlerHost.UniqueLayout();
        WebApplication app = HandlerHost.Build(azurite.ConnectionString, standalone, layout, settings, configure);
        await app.StartAsync();
        return new TrainingHost(app, layout, new HttpClient { BaseAddress = new Uri(HandlerHost.Address(app)), Timeout = TimeSpan.FromSeconds(60) });
    }

    /// <summary>Polls the run log until the run has left "running" (or the deadline passes) and returns it.</summary>
    public async Task<TrainingRun> WaitForEndAsync(string runId, TimeSpan timeout)
    {
        TrainingRun? run = null;
        bool ended = await HandlerHost.EventuallyAsync(async () =>
        {
            run = await Runs.GetAsync(runId, CancellationToken.None);
            return run is not null && run.Status != TrainingRunStatus.Running;
        }, timeout);
        Assert.True(ended, $"Run {runId} did not end within {timeout}; last seen: {run}");
        return run!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
