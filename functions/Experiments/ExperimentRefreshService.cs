using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Experiments;

/// <summary>Reads the running experiment every ModelRefreshSeconds, so every instance follows a change within that interval.</summary>
public sealed class ExperimentRefreshService(ExperimentModels experiments, IOptions<RecommenderOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, options.Value.ModelRefreshSeconds));
        await experiments.RefreshAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await experiments.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
