using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Recommender.Functions.OpenApi;

/// <summary>
/// GET /api/openapi/v1.json: the OpenAPI document of the HTTP functions. The document is a file kept beside the
/// functions (openapi.v1.json, embedded in the assembly); a test checks that it describes exactly the HTTP functions'
/// routes, so the two cannot drift apart.
/// </summary>
public static class OpenApiEndpoint
{
    public const string ResourceName = "Recommender.Functions.OpenApi.openapi.v1.json";

    private static readonly Lazy<byte[]> _document = new(Load);

    /// <summary>The document's bytes (UTF-8 JSON).</summary>
    public static ReadOnlyMemory<byte> Document => _document.Value;

    [Function("OpenApi")]
    public static IResult GetDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        TypedResults.Bytes(_document.Value, "application/json");

    private static byte[] Load()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly has no embedded {ResourceName}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
