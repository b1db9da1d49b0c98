using Microsoft.Azure.Functions.Worker;
using Recommender.Core.Serving;

namespace Recommender.Functions.Serving;

/// <summary>GET /api/health: the serving model and whether storage answered at the last refresh.</summary>
public sealed class HealthEndpoint(ModelCache cache)
{
    /// <summary>200 with the model's shape while one serves; 503 with the reason while none could be loaded.</summary>
    [Function("Health")]
    public async Task<IResult> GetHealthAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        // Health stays cheap (it is polled): it reads the cached model and the last refresh's outcome, never storage itself.
        ServingModel? model = await cache.GetAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            var down = new HealthResponse("unavailable", null, 0, 0, 0, null, cache.StorageReachable, cache.LastError ?? "No model loaded yet.");
            return TypedResults.Json(down, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Ok(new HealthResponse(
            "ok",
            model.Version,
            model.Package.Users.Count,
            model.ItemCount,
            model.Factors,
            model.LoadedAt,
            cache.StorageReachable,
            cache.LastError)
        {
            ActivatedAt = cache.ActivatedAt,
            Metrics = model.Package.Manifest.Metrics,
        });
    }
}
