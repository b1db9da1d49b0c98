using Microsoft.AspNetCore.Http.HttpResults;

namespace Recommender.Functions.Hosting;

/// <summary>RFC 7807 problem+json results with one sentence a client can act on.</summary>
public static class Problems
{
    /// <summary>400; <paramref name="field"/>, when given, names the request field at fault (extension member <c>field</c>).</summary>
    public static ProblemHttpResult BadRequest(string detail, string? field = null) => TypedResults.Problem(
        detail,
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid request",
        extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult NoModel(string? reason) => TypedResults.Problem(
        $"No model is loaded yet{(reason is null ? "." : ": " + reason)}",
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Model unavailable");
}
