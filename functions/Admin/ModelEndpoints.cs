using Microsoft.Azure.Functions.Worker;
using Recommender.Core.Artifacts;
using Recommender.Core.Data.Quality;
using Recommender.Core.Training.Drift;
using Recommender.Functions.Hosting;
using Recommender.Functions.Serving;

namespace Recommender.Functions.Admin;

/// <summary>Admin functions over model versions: list, show, activate (roll forward or back). The host checks the function key.</summary>
public sealed class ModelEndpoints(ModelRepository repository, ModelCache cache)
{
    /// <summary>Every published version with its metrics, and which one is current.</summary>
    [Function("ListModels")]
    public async Task<IResult> ListModelsAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "models")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (manifests, current) = await StorageDeadline.RunAsync(
            "List model versions",
            async token => (await repository.ListAsync(token).ConfigureAwait(false), await repository.GetCurrentAsync(token).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        string? currentVersion = current?.Pointer.Version;
        var models = new List<ModelSummary>(manifests.Count);
        foreach (ModelManifest manifest in manifests)
        {
            models.Add(ModelSummary.From(manifest, currentVersion));
        }

        return TypedResults.Ok(new ModelListResponse(currentVersion, models));
    }

    /// <summary>One version's full manifest, status and data-quality report (rejected-row examples included); 404 when it has none.</summary>
    [Function("GetModel")]
    public async Task<IResult> GetModelAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "models/{version}")] HttpRequest request,
        string version,
        CancellationToken cancellationToken)
    {
        var (manifest, current) = await StorageDeadline.RunAsync(
            $"Read model version {version}",
            async token => (await repository.GetManifestAsync(version, token).ConfigureAwait(false), await repository.GetCurrentAsync(token).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return Hosting.Problems.NotFound($"Model version '{version}' does not exist.");
        }

        DataQualityReport? dataQuality;
        try
        {
            dataQuality = await StorageDeadline.RunAsync($"Read the data-quality report of {version}", token => repository.ReadDataQualityAsync(version, token), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            // A damaged report must not hide the manifest; the manifest's summary still stands.
            dataQuality = null;
        }

        return TypedResults.Ok(new ModelDetailResponse(ModelSummary.StatusOf(manifest.Version, current?.Pointer.Version), manifest, dataQuality));
    }

    /// <summary>Points current.json at a verified version; the app swaps to it at its next refresh (done here at once).</summary>
    [Function("ActivateModel")]
    public async Task<IResult> ActivateModelAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "models/{version}/activate")] HttpRequest request,
        string version,
        CancellationToken cancellationToken)
    {
        if (await StorageDeadline.RunAsync($"Read model version {version}", token => repository.GetManifestAsync(version, token), cancellationToken).ConfigureAwait(false) is null)
        {
            return Hosting.Problems.NotFound($"Model version '{version}' does not exist.");
        }

        ModelPointer pointer;
        try
        {
            pointer = await StorageDeadline.RunAsync($"Activate model version {version}", token => repository.ActivateAsync(version, token), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Model cannot be activated");
        }

        await cache.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(pointer);
    }
}

/// <summary>Body of GET /api/models.</summary>
public sealed record ModelListResponse(string? CurrentVersion, IReadOnlyList<ModelSummary> Models);

/// <summary>Body of GET /api/models/{version}: the manifest and the version's data-quality.json (null when it has none).</summary>
public sealed record ModelDetailResponse(string Status, ModelManifest Manifest, DataQualityReport? DataQuality);

/// <summary>A version in the model list, with its gate verdict, data-quality summary and drift from the version live before it.</summary>
public sealed record ModelSummary(
    string Version,
    DateTimeOffset CreatedAt,
    string Status,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> Baseline,
    GateInfo? Gate,
    DataQualitySummary? DataQuality,
    DriftReport? Drift)
{
    public static ModelSummary From(ModelManifest manifest, string? currentVersion)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new(manifest.Version, manifest.CreatedAt, StatusOf(manifest.Version, currentVersion), manifest.Metrics, manifest.Baseline.Popularity, manifest.Gate, manifest.DataQuality, manifest.Drift);
    }

    public static string StatusOf(string version, string? currentVersion) => version == currentVersion ? "active" : "inactive";
}
