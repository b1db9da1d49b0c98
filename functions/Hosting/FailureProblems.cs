using Recommender.Core.AzureStorage;

namespace Recommender.Functions.Hosting;

/// <summary>
/// The problem+json answer for an HTTP function that threw, with the exception logged once. A request that failed
/// because storage refused or could not be reached answers 503 with <c>Retry-After</c> (the client may retry); the log
/// names the operation, endpoint and cause for the operator, while the caller learns what went wrong, not where. A body
/// the server could not read (shorter than its Content-Length, broken chunking, too large) is the client's 400 or 413.
/// Anything else is 500 without internals.
/// </summary>
public static partial class FailureProblems
{
    public static IResult For(Exception exception, HttpRequest request, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(logger);
        if (exception is BadHttpRequestException badRequest)
        {
            return BadBody(badRequest);
        }

        if (exception is StorageUnavailableException || StorageErrors.IsStorageFailure(exception))
        {
            StorageUnavailableException failure = StorageErrors.Describe(exception, $"{request.Method} {request.Path}", null);
            LogStorageFailed(logger, failure.Message, exception);
            return StorageUnavailable(failure);
        }

        LogFailed(logger, request.Method, request.Path, exception);
        return TypedResults.Problem(
            "The request could not be completed; the error has been logged. Try again later.",
            statusCode: StatusCodes.Status500InternalServerError,
            title: "Internal error");
    }

    /// <summary>503 problem+json with Retry-After, saying what went wrong with storage but not where (no endpoint, no types).</summary>
    public static IResult StorageUnavailable(StorageUnavailableException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        string cause = failure.Status switch
        {
            0 => "Storage could not be reached",
            401 or 403 => "Storage rejected the app's credentials",
            _ => $"Storage refused the request ({failure.ErrorCode ?? "status " + failure.Status})",
        };
        return new RetryAfterResult(
            TypedResults.Problem(
                $"{cause}, so the request was not completed; the details are in the app's log. Retry in {RetryAfterResult.StorageOutage.TotalSeconds:0} seconds.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Storage unavailable"),
            RetryAfterResult.StorageOutage);
    }

    /// <summary>400 or 413 for a request body the server could not read.</summary>
    public static IResult BadBody(BadHttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? TypedResults.Problem("The request body is too large.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large")
            : TypedResults.Problem(
                "The request body could not be read: it ended before its Content-Length, or its chunked encoding is malformed.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid request");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failure: {Detail}")]
    private static partial void LogStorageFailed(ILogger logger, string detail, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, string method, string path, Exception exception);
}
