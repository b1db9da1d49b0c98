using Recommender.Core.AzureStorage;

namespace Recommender.Functions.Hosting;

/// <summary>
/// The problem+json answer for an HTTP function that threw, with the exception logged once. A request that failed
/// because storage refused or could not be reached answers 503 naming the cause (the client may retry, and the
/// operator learns what to check); anything else 500 without internals.
/// </summary>
public static partial class FailureProblems
{
    public static IResult For(Exception exception, HttpRequest request, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(logger);
        if (exception is StorageUnavailableException || StorageErrors.IsStorageFailure(exception))
        {
            StorageUnavailableException failure = StorageErrors.Describe(exception, $"{request.Method} {request.Path}", null);
            LogStorageFailed(logger, failure.Message, exception);
            return TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage unavailable");
        }

        LogFailed(logger, request.Method, request.Path, exception);
        return TypedResults.Problem(
            "The request could not be completed; the error has been logged. Try again later.",
            statusCode: StatusCodes.Status500InternalServerError,
            title: "Internal error");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failure: {Detail}")]
    private static partial void LogStorageFailed(ILogger logger, string detail, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, string method, string path, Exception exception);
}
