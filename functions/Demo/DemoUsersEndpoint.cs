using Microsoft.Azure.Functions.Worker;
using Recommender.Core.Serving;
using Recommender.Functions.Hosting;
using Recommender.Functions.Serving;

namespace Recommender.Functions.Demo;

/// <summary>GET /api/users?q=&amp;k=: ids of users the serving model knows, for the demo page's search box and random pick.</summary>
public sealed class DemoUsersEndpoint(ModelCache cache)
{
    public const int MaxPrefixLength = 128;

    [Function("Users")]
    public async Task<IResult> GetUsersAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!QueryParameters.TryParseK(request.Query, out int count, out string? error))
        {
            return Problems.BadRequest(error!);
        }

        string prefix = request.Query["q"].ToString();
        if (prefix.Length > MaxPrefixLength)
        {
            return Problems.BadRequest($"q must be at most {MaxPrefixLength} characters.");
        }

        ServingModel? model = await cache.GetAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return Problems.NoModel(cache.LastError);
        }

        IReadOnlyList<string> ids = model.Package.Users.Ids;
        var matches = new List<string>(count);
        for (int u = 0; u < ids.Count && matches.Count < count; u++)
        {
            if (ids[u].StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                matches.Add(ids[u]);
            }
        }

        string? random = ids.Count == 0 ? null : ids[Random.Shared.Next(ids.Count)];
        request.HttpContext.Response.Headers[ServingEndpoints.ModelVersionHeader] = model.Version;
        return TypedResults.Ok(new UserListResponse(model.Version, ids.Count, matches, random));
    }
}

/// <summary>Body of GET /api/users: how many users the model knows, those matching the prefix, and one picked at random.</summary>
public sealed record UserListResponse(string ModelVersion, int Total, IReadOnlyList<string> Users, string? Random);
