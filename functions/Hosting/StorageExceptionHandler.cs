using Microsoft.AspNetCore.Diagnostics;
using Recommender.Core.AzureStorage;

namespace Recommender.Functions.Hosting;

/// <summary>
/// A request that failed because storage refused or could not be reached answers 503 problem+json with one sentence
/// naming the cause, instead of a 500: the client may retry, and the operator learns what to check.
/// </summary>
public sealed partial class StorageExceptionHandler(IProblemDetailsService problems, ILogger<StorageExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not StorageUnavailableException && !StorageErrors.IsStorageFailure(exception))
        {
            return false;
        }

        StorageUnavailableException failure = StorageErrors.Describe(exception, $"{httpContext.Request.Method} {httpContext.Request.Path}", null);
        LogStorageFailed(logger, failure.Message, exception);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Storage unavailable", Detail = failure.Message },
        }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failure: {Detail}")]
    private static partial void LogStorageFailed(ILogger logger, string detail, Exception exception);
}
