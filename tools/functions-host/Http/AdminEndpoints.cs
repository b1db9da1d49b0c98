namespace Recommender.FunctionsHost.Http;

/// <summary>
/// The host's own endpoints: <c>GET /admin/host/status</c> (state and loaded functions) and
/// <c>POST /admin/functions/{name}</c> with body <c>{"input": "..."}</c>, which runs a queue or timer function once
/// now (202), as the Functions host's admin API does. Running a function needs the key, like admin routes.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/admin/host/status", (FunctionsRuntime runtime) => runtime.Ready is { } ready
            ? Results.Ok(new HostStatus("Running", ready.Functions.Select(f => f.Name).Order(StringComparer.Ordinal).ToArray()))
            : Results.Json(new HostStatus("Initializing", []), statusCode: StatusCodes.Status503ServiceUnavailable));

        app.MapPost("/admin/functions/{name}", async (string name, HttpRequest request, FunctionsRuntime runtime, IHostApplicationLifetime lifetime) =>
        {
            if (runtime.Ready is not { } ready)
            {
                return Results.Problem(detail: "The Functions host is starting.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            if (!ready.Keys.IsAuthorized(request))
            {
                return Results.Unauthorized();
            }

            ManualRun? body = null;
            if (request.ContentLength > 0)
            {
                try
                {
                    body = await request.ReadFromJsonAsync<ManualRun>(request.HttpContext.RequestAborted);
                }
                catch (System.Text.Json.JsonException)
                {
                    return Results.Problem(detail: "The body must be JSON: {\"input\": \"...\"}.", statusCode: StatusCodes.Status400BadRequest);
                }
            }

            return runtime.TryRunNow(name, body?.Input, lifetime.ApplicationStopping, out _)
                ? Results.Accepted()
                : Results.Problem(detail: $"No queue or timer function is called '{name}'.", statusCode: StatusCodes.Status404NotFound);
        });
    }

    private sealed record HostStatus(string State, string[] Functions);

    private sealed record ManualRun(string? Input);
}
