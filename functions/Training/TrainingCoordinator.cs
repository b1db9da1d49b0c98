using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace Recommender.Functions.Training;

/// <summary>
/// Starts training runs: takes the lock, records the run, starts the launcher, and records the outcome and frees the
/// lock when the job ends. The timer function and the admin route both come here.
/// </summary>
public sealed partial class TrainingCoordinator(
    ITrainingLauncher launcher,
    TrainingRunLog log,
    TrainingRunLock runLock,
    TrainingOptions options,
    TimeProvider time,
    ILogger<TrainingCoordinator> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Task> _following = new(StringComparer.Ordinal);

    /// <summary>Runs this process started that have not ended yet (tests wait on these).</summary>
    public IReadOnlyCollection<Task> RunsInProgress => [.. _following.Values];

    /// <summary>Starts a run unless one is in progress (then records a skipped run); a launcher failure is recorded as failed.</summary>
    public async Task<TrainingStart> StartAsync(string trigger, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        string runId = NewRunId(now);
        var run = new TrainingRun { Id = runId, Trigger = trigger, Status = TrainingRunStatus.Running, StartedAt = now, Launcher = launcher.Name };
        await log.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        LockAttempt attempt = await runLock.TryAcquireAsync(runId, options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        if (!attempt.Acquired)
        {
            run = run with
            {
                Status = TrainingRunStatus.Skipped,
                EndedAt = now,
                Message = $"Run {attempt.HolderRunId} is in progress (its lease ends {attempt.ExpiresAt:O}).",
            };
            await log.WriteAsync(run, cancellationToken).ConfigureAwait(false);
            LogSkipped(logger, runId, trigger, attempt.HolderRunId);
            return new TrainingStart(run, attempt.HolderRunId);
        }

        // From here on the lock is ours: a caller that goes away must not leave it held with a "running" row,
        // so the caller's token is no longer passed on, and any failure ends the run and frees the lock.
        TrainingLaunch launch;
        try
        {
            await log.WriteAsync(run, CancellationToken.None).ConfigureAwait(false);
            launch = await launcher.StartAsync(runId, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Any launcher failure (missing job, ARM refusal, network) ends the run and frees the lock at once.
            run = await FinishAsync(run, TrainingResult.Failure(ex.Message)).ConfigureAwait(false);
            return new TrainingStart(run, null);
        }

        run = run with { ExecutionName = launch.ExecutionName };
        await log.WriteAsync(run, CancellationToken.None).ConfigureAwait(false);
        LogStarted(logger, runId, trigger, launcher.Name, launch.ExecutionName);
        // The gate makes sure the run is registered before FollowAsync can unregister it.
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _following[runId] = FollowAsync(run, launch.Completion, registered.Task);
        registered.SetResult();
        return new TrainingStart(run, null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            // Give the runs a moment to record that they were stopped.
            await Task.WhenAll(_following.Values).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The lease expires on its own.
        }

        _stopping.Dispose();
    }

    /// <summary>A sortable, readable run id: UTC start time and 8 random hex digits.</summary>
    internal static string NewRunId(DateTimeOffset start) =>
        start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    private async Task FollowAsync(TrainingRun run, Task<TrainingResult> completion, Task registered)
    {
        await registered.ConfigureAwait(false);
        TrainingResult result;
        try
        {
            result = await completion.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            result = TrainingResult.Failure("The app stopped before the run ended; its outcome is unknown.");
        }
        catch (Exception ex)
        {
            result = TrainingResult.Failure(ex.Message);
        }

        try
        {
            await FinishAsync(run, result).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Storage failed while recording: the lease expires by itself, so only log.
            LogRecordFailed(logger, run.Id, ex);
        }
        finally
        {
            _following.TryRemove(run.Id, out _);
        }
    }

    private async Task<TrainingRun> FinishAsync(TrainingRun run, TrainingResult result)
    {
        // Recording the outcome must happen even while the app stops, hence no cancellation token.
        run = run with
        {
            Status = result.Succeeded ? TrainingRunStatus.Succeeded : TrainingRunStatus.Failed,
            EndedAt = time.GetUtcNow(),
            Version = result.Version,
            Promoted = result.Promoted,
            Message = result.Message,
        };
        // The lock goes first, so whoever sees the run as ended can start the next one at once.
        await runLock.ReleaseAsync(run.Id, CancellationToken.None).ConfigureAwait(false);
        await log.WriteAsync(run, CancellationToken.None).ConfigureAwait(false);
        LogFinished(logger, run.Id, run.Status, run.Version, run.Message);
        return run;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training run {RunId} ({Trigger}) started by the {Launcher} launcher as {Execution}")]
    private static partial void LogStarted(ILogger logger, string runId, string trigger, string launcher, string execution);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training run {RunId} ({Trigger}) skipped: run {Holder} is in progress")]
    private static partial void LogSkipped(ILogger logger, string runId, string trigger, string? holder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training run {RunId} ended {Status}, version {Version}: {Message}")]
    private static partial void LogFinished(ILogger logger, string runId, string status, string? version, string? message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Training run {RunId}: recording its outcome failed")]
    private static partial void LogRecordFailed(ILogger logger, string runId, Exception exception);
}
