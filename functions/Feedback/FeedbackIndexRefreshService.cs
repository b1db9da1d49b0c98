using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Feedback;

/// <summary>Reads new feedback into the <see cref="FeedbackIndex"/> every FeedbackCacheSeconds (it loads in full on first use).</summary>
public sealed class FeedbackIndexRefreshService(FeedbackIndex index, IOptions<RecommenderOptions> options, TimeProvider time) : PeriodicRefreshService(time)
{
    protected override TimeSpan Period => Seconds(options.Value.FeedbackCacheSeconds);

    protected override bool RefreshAtStart => false;

    protected override Task RefreshAsync(CancellationToken cancellationToken) => index.RefreshAsync(cancellationToken);
}
