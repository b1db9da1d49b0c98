using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>Admin routes: POST /api/training (start a run now), GET /api/training/runs (latest first).</summary>
public static class TrainingEndpoints
{
    public const int DefaultTop = 20;
    public const int MaxTop = 200;

    /// <summary>202 with the started run; 409 when a run is in progress; 500 when the launcher failed (the run is recorded as failed).</summary>
    public static async Task<Results<Accepted<TrainingRun>, ProblemHttpResult>> StartTrainingAsync(TrainingCoordinator coordinator, CancellationToken cancellationToken)
    {
        TrainingStart start = await coordinator.StartAsync(TrainingTrigger.Manual, cancellationToken).ConfigureAwait(false);
        if (start.Skipped)
        {
            return TypedResults.Problem(
                $"Training run {start.BlockingRunId} is in progress; try again when it has ended (GET /api/training/runs).",
                statusCode: StatusCodes.Status409Conflict,
                title: "Training already running",
                extensions: new Dictionary<string, object?> { ["runningRunId"] = start.BlockingRunId, ["skippedRunId"] = start.Run.Id });
        }

        if (!start.Started)
        {
            return TypedResults.Problem(
                $"Training run {start.Run.Id} could not start: {start.Run.Message}",
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Training launcher failed",
                extensions: new Dictionary<string, object?> { ["runId"] = start.Run.Id });
        }

        return TypedResults.Accepted("/api/training/runs", start.Run);
    }

    /// <summary>The latest runs, newest first; top 1-200, default 20.</summary>
    public static async Task<Results<Ok<TrainingRunList>, ProblemHttpResult>> ListRunsAsync(string? top, TrainingRunLog log, CancellationToken cancellationToken)
    {
        int count = DefaultTop;
        if (top is not null && (!int.TryParse(top, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxTop))
        {
            return Problems.BadRequest($"top must be an integer between 1 and {MaxTop}.");
        }

        return TypedResults.Ok(new TrainingRunList(await log.ListAsync(count, cancellationToken).ConfigureAwait(false)));
    }
}
