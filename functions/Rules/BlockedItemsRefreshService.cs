using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Rules;

/// <summary>Reads the blocked items at start and every RulesRefreshSeconds, so every instance follows the rules table.</summary>
public sealed class BlockedItemsRefreshService(BlockedItemsCache cache, IOptions<RecommenderOptions> options, TimeProvider time) : PeriodicRefreshService(time)
{
    protected override TimeSpan Period => Seconds(options.Value.RulesRefreshSeconds);

    protected override Task RefreshAsync(CancellationToken cancellationToken) => cache.RefreshAsync(cancellationToken);
}
