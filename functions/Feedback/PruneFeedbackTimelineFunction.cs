using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Recommender.Core.Feedback;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Feedback;

/// <summary>
/// PruneFeedbackTimeline: every hour (at minute 10, UTC) deletes the feedback timeline's hours older than
/// FeedbackTimelineRetentionDays. Hourly, so a run deletes about one hour's events; a run that finds several
/// (after a pause, or on the first run) deletes them all. Table <c>feedback</c>, which training reads, is never touched.
/// A storage failure fails the invocation; the next hour's run picks up what is left.
/// </summary>
public sealed partial class PruneFeedbackTimelineFunction(FeedbackTimelinePruner pruner, IOptions<RecommenderOptions> options, TimeProvider time, ILogger<PruneFeedbackTimelineFunction> logger)
{
    public const string FunctionName = "PruneFeedbackTimeline";

    /// <summary>Six-field NCRONTAB: second 0, minute 10 of every hour (a fixed housekeeping schedule, not an app setting).</summary>
    public const string Schedule = "0 10 * * * *";

    [Function(FunctionName)]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        DateTimeOffset cutoff = time.GetUtcNow() - FeedbackTimelineRetention.Of(options.Value);
        TimelinePruning pruned = await pruner.PruneAsync(cutoff, cancellationToken).ConfigureAwait(false);
        LogPruned(logger, pruned.Partitions, pruned.Rows, pruned.Transactions, cutoff);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PruneFeedbackTimeline deleted {Partitions} hours ({Rows} rows, {Transactions} table transactions) of the feedback timeline logged before {Cutoff:u}")]
    private static partial void LogPruned(ILogger logger, int partitions, long rows, int transactions, DateTimeOffset cutoff);
}
