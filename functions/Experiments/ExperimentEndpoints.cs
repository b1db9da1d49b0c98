using System.Net.Http.Headers;
using Microsoft.Azure.Functions.Worker;
using Recommender.Core.Artifacts;
using Recommender.Core.Experiments;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Experiments;

/// <summary>
/// Admin functions of the A/B split by model version: start or replace the experiment (PUT), read it (GET), end it
/// (DELETE). The experiment is stored in blob experiment.json, applied at once on the instance that received the
/// change and by every other instance at its next model refresh. The host checks the function key.
/// </summary>
public sealed class ExperimentEndpoints(ExperimentStore store, ExperimentModels experiments, ModelRepository repository, TimeProvider time)
{
    /// <summary>Largest accepted body; ten variants fit in well under 2 KiB.</summary>
    public const int MaxBodyBytes = 8192;

    /// <summary>200 with the experiment and each variant's load status; 400/413/415 problem+json naming the field otherwise.</summary>
    [Function("SetExperiment")]
    public async Task<IResult> PutAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "experiments/current")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? media) || !string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem("Send the experiment with Content-Type application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        byte[]? body = await BoundedBody.ReadAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return TypedResults.Problem($"The body must be at most {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
        }

        if (!ExperimentRequestReader.TryRead(body, out IReadOnlyList<ExperimentVariant>? variants, out ExperimentProblem? problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        for (int i = 0; i < variants!.Count; i++)
        {
            string version = variants[i].Version;
            if (!await ExistsAsync(version, cancellationToken).ConfigureAwait(false))
            {
                return Problems.BadRequest($"variants[{i}].version: model version '{version}' does not exist (GET /api/models lists them).", $"variants[{i}].version");
            }
        }

        DateTimeOffset now = time.GetUtcNow();
        var experiment = new Experiment(RecommendationId.New(now), now, variants);
        await StorageDeadline.RunAsync("Store the experiment", token => store.WriteAsync(experiment, token), cancellationToken).ConfigureAwait(false);
        await experiments.ApplyAsync(experiment, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ExperimentResponse.From(experiments.State));
    }

    /// <summary>The running experiment as this instance serves it; 404 when none runs.</summary>
    [Function("GetExperiment")]
    public IResult Get(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "experiments/current")] HttpRequest request)
    {
        ExperimentState state = experiments.State;
        return state.Experiment is null
            ? Problems.NotFound("No experiment runs; PUT /api/experiments/current starts one.")
            : TypedResults.Ok(ExperimentResponse.From(state));
    }

    /// <summary>Ends the experiment: every user gets the active model again. 204 whether or not one ran.</summary>
    [Function("EndExperiment")]
    public async Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "experiments/current")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        await StorageDeadline.RunAsync("End the experiment", token => store.WriteAsync(null, token), cancellationToken).ConfigureAwait(false);
        await experiments.ApplyAsync(null, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private async Task<bool> ExistsAsync(string version, CancellationToken cancellationToken)
    {
        try
        {
            return await StorageDeadline.RunAsync($"Read model version {version}", token => repository.GetManifestAsync(version, token), cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (InvalidDataException)
        {
            // A damaged manifest is a version that exists but cannot serve: its users fall back to the active model.
            return true;
        }
    }
}
