namespace Recommender.Functions.Hosting;

/// <summary>The problem+json answer for an HTTP function that threw, with the exception logged once.</summary>
public static partial class FailureProblems
{
    public static IResult For(Exception exception, HttpRequest request, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(logger);
        LogFailed(logger, request.Method, request.Path, exception);
        return TypedResults.Problem(
            "The request could not be completed; the error has been logged. Try again later.",
            statusCode: StatusCodes.Status500InternalServerError,
            title: "Internal error");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, string method, string path, Exception exception);
}
