using Microsoft.Azure.Functions.Worker;

namespace Recommender.Functions.Demo;

/// <summary>
/// GET /api/demo: a page to try the API in a browser (pick a user, like and dislike, see the list change, manage
/// models with the admin key). Plain HTML, CSS and JavaScript embedded in the assembly, so there is no build step.
/// </summary>
public static class DemoEndpoints
{
    [Function("Demo")]
    public static IResult GetPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "demo")] HttpRequest request) =>
        Asset("index.html");

    /// <summary>The page's script and stylesheet; any other name is 404.</summary>
    [Function("DemoAsset")]
    public static IResult GetAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "demo/assets/{name}")] HttpRequest request,
        string name) => Asset(name);

    private static IResult Asset(string name) => EmbeddedAssets.TryGet(name, out EmbeddedAsset? asset)
        ? TypedResults.Bytes(asset.Content, asset.ContentType)
        : Hosting.Problems.NotFound($"The demo page has no asset '{name}'.");
}
