using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>
/// Standalone mode's stand-in for the timer trigger: waits (on <see cref="TimeProvider"/>, so tests need no sleeping)
/// for each occurrence of RetrainSchedule and calls the same <see cref="NightlyRetrainFunction.RunAsync"/> the host would.
/// Like the host, it does not catch up on occurrences missed while the app was down.
/// </summary>
public sealed partial class RetrainScheduler(
    IOptions<RecommenderOptions> options,
    TrainingCoordinator coordinator,
    TimeProvider time,
    ILogger<RetrainScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan _maxWaitStep = TimeSpan.FromDays(1);

    /// <summary>When the next run is due; null before the scheduler started.</summary>
    public DateTimeOffset? NextDue { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RetrainSchedule schedule = RetrainSchedule.Parse(options.Value.RetrainSchedule);
        DateTimeOffset due = schedule.NextAfter(time.GetUtcNow());
        while (!stoppingToken.IsCancellationRequested)
        {
            NextDue = due;
            LogNext(logger, due);
            // Task.Delay accepts at most ~49 days, and a yearly schedule waits longer: wait in steps of a day at most.
            for (TimeSpan wait = due - time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - time.GetUtcNow())
            {
                await Task.Delay(wait < _maxWaitStep ? wait : _maxWaitStep, time, stoppingToken).ConfigureAwait(false);
            }

            try
            {
                foreach (string line in await NightlyRetrainFunction.RunAsync(coordinator, new TimerInfo(false, null), stoppingToken).ConfigureAwait(false))
                {
                    LogRetrain(logger, line);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failed occurrence (e.g. storage down) must not end the schedule.
                LogFailed(logger, ex);
            }

            // After a long occurrence, continue from now rather than firing once per missed occurrence.
            DateTimeOffset now = time.GetUtcNow();
            due = schedule.NextAfter(now > due ? now : due);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "NightlyRetrain: next run at {Due:O}")]
    private static partial void LogNext(ILogger logger, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Information, Message = "NightlyRetrain: {Line}")]
    private static partial void LogRetrain(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "NightlyRetrain failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
