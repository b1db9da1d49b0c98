using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Experiments;

/// <summary>Reads the running experiment every ModelRefreshSeconds, so every instance follows a change within that interval.</summary>
public sealed class ExperimentRefreshService(ExperimentModels experiments, IOptions<RecommenderOptions> options, TimeProvider time) : PeriodicRefreshService(time)
{
    protected override TimeSpan Period => Seconds(options.Value.ModelRefreshSeconds);

    protected override Task RefreshAsync(CancellationToken cancellationToken) => experiments.RefreshAsync(cancellationToken);
}
