using Microsoft.Azure.Functions.Worker;

namespace Recommender.Functions.Training;

/// <summary>NightlyRetrain: on the RetrainSchedule app setting, starts a run unless one is in progress (the run lock decides).</summary>
public sealed partial class NightlyRetrainFunction(TrainingCoordinator coordinator, ILogger<NightlyRetrainFunction> logger)
{
    public const string FunctionName = "NightlyRetrain";

    [Function(FunctionName)]
    public async Task RunAsync([TimerTrigger("%RetrainSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            LogPastDue(logger);
        }

        TrainingStart start = await coordinator.StartAsync(TrainingTrigger.Timer, cancellationToken).ConfigureAwait(false);
        switch (start.Run.Status)
        {
            case TrainingRunStatus.Running:
                LogStarted(logger, start.Run.Id, start.Run.Launcher, start.Run.ExecutionName);
                break;
            case TrainingRunStatus.Skipped:
                LogSkipped(logger, start.BlockingRunId, start.Run.Id);
                break;
            default:
                // The run is recorded as failed; failing the invocation too makes it visible in the host's metrics.
                throw new InvalidOperationException($"Training run {start.Run.Id} could not start: {start.Run.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "NightlyRetrain fired late (past due); retraining now")]
    private static partial void LogPastDue(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "NightlyRetrain started training run {RunId} ({Launcher}: {Execution})")]
    private static partial void LogStarted(ILogger logger, string runId, string? launcher, string? execution);

    [LoggerMessage(Level = LogLevel.Information, Message = "NightlyRetrain skipped: training run {Holder} is in progress; recorded as {RunId}")]
    private static partial void LogSkipped(ILogger logger, string? holder, string runId);
}
