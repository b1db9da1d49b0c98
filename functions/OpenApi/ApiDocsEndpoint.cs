using Microsoft.Azure.Functions.Worker;
using Recommender.Functions.Demo;

namespace Recommender.Functions.OpenApi;

/// <summary>GET /api/docs: a reference page that renders /api/openapi/v1.json in the browser (a static page, no build step).</summary>
public static class ApiDocsEndpoint
{
    [Function("ApiDocs")]
    public static IResult GetPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs")] HttpRequest request) =>
        EmbeddedAssets.TryGet("docs.html", out EmbeddedAsset? page)
            ? TypedResults.Bytes(page.Content, page.ContentType)
            : Hosting.Problems.NotFound("The reference page is missing from this build.");
}
