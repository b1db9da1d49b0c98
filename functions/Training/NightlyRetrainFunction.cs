using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>
/// The NightlyRetrain timer function: starts a run unless one is in progress. The Functions host calls it through
/// POST /NightlyRetrain; standalone, <see cref="RetrainScheduler"/> calls <see cref="RunAsync"/> directly.
/// </summary>
public static class NightlyRetrainFunction
{
    public const string FunctionName = "NightlyRetrain";

    /// <summary>The binding name in functions/Bindings/NightlyRetrain/function.json.</summary>
    public const string TimerBinding = "timer";

    /// <summary>Starts a timer-triggered run; returns the lines for the invocation log.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(TrainingCoordinator coordinator, TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(timer);
        var logs = new List<string>(2);
        if (timer.IsPastDue)
        {
            logs.Add("The timer fired late (past due); retraining now.");
        }

        TrainingStart start = await coordinator.StartAsync(TrainingTrigger.Timer, cancellationToken).ConfigureAwait(false);
        logs.Add(start.Run.Status switch
        {
            TrainingRunStatus.Running => $"Started training run {start.Run.Id} ({start.Run.Launcher}: {start.Run.ExecutionName}).",
            TrainingRunStatus.Skipped => $"Skipped: training run {start.BlockingRunId} is in progress; recorded as {start.Run.Id}.",
            _ => $"Training run {start.Run.Id} could not start: {start.Run.Message}",
        });
        return logs;
    }

    /// <summary>POST /NightlyRetrain: the host's timer invocation. 200 with the log lines; 400 when the payload has no timer value.</summary>
    public static async Task<Results<Ok<InvocationResponse>, JsonHttpResult<InvocationResponse>>> InvokeAsync(InvocationRequest request, TrainingCoordinator coordinator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TimerInfo timer;
        try
        {
            timer = request.Data is not null && request.Data.TryGetValue(TimerBinding, out JsonElement value)
                ? TimerInfo.FromInvocationData(value)
                : throw new JsonException($"Data has no '{TimerBinding}' value.");
        }
        catch (JsonException ex)
        {
            return TypedResults.Json(InvocationResponse.Ok($"Invalid timer invocation: {ex.Message}"), statusCode: StatusCodes.Status400BadRequest);
        }

        IReadOnlyList<string> logs = await RunAsync(coordinator, timer, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(InvocationResponse.Ok([.. logs]));
    }
}
