using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Rules;

/// <summary>Reads the blocked items at start and every RulesRefreshSeconds, so every instance follows the rules table.</summary>
public sealed class BlockedItemsRefreshService(BlockedItemsCache cache, IOptions<RecommenderOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.RulesRefreshSeconds)), time);
        try
        {
            await cache.RefreshAsync(stoppingToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await cache.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
