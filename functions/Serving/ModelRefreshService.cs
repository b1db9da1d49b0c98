using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Serving;

/// <summary>Checks for a newly activated model at start and every ModelRefreshSeconds.</summary>
public sealed class ModelRefreshService(ModelCache cache, IOptions<RecommenderOptions> options, TimeProvider time) : PeriodicRefreshService(time)
{
    protected override TimeSpan Period => Seconds(options.Value.ModelRefreshSeconds);

    protected override Task RefreshAsync(CancellationToken cancellationToken) => cache.RefreshAsync(cancellationToken);
}
