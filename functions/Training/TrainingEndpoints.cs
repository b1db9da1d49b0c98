using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>Admin functions: POST /api/training (start a run now), GET /api/training/runs (latest first). The host checks the function key.</summary>
public sealed class TrainingEndpoints(TrainingCoordinator coordinator, TrainingRunLog log)
{
    public const int DefaultTop = 20;
    public const int MaxTop = 200;

    /// <summary>202 with the started run; 409 when a run is in progress; 500 when the launcher failed (the run is recorded as failed).</summary>
    [Function("StartTraining")]
    public async Task<IResult> StartTrainingAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "training")] HttpRequest request,
        CancellationToken cancellationToken)
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
    [Function("ListTrainingRuns")]
    public async Task<IResult> ListRunsAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "training/runs")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        int count = DefaultTop;
        string? top = request.Query.TryGetValue("top", out var values) ? values.ToString() : null;
        if (top is not null && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxTop))
        {
            return Problems.BadRequest($"top must be an integer between 1 and {MaxTop}.");
        }

        var runs = await StorageDeadline.RunAsync("List training runs", token => log.ListAsync(count, token), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new TrainingRunList(runs));
    }
}
