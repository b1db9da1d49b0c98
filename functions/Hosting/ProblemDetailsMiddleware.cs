using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Recommender.Functions.Hosting;

/// <summary>
/// An HTTP function that fails unexpectedly (storage down, a bug) answers 500 problem+json with one sentence, never a
/// stack trace; the exception goes to the log. Queue and timer functions are left alone: their exceptions must reach
/// the host, which retries and poisons queue messages.
/// </summary>
public sealed partial class ProblemDetailsMiddleware(ILogger<ProblemDetailsMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.GetHttpContext() is not null && !context.CancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, context.FunctionDefinition.Name, ex);
            context.GetInvocationResult().Value = TypedResults.Problem(
                "The request could not be completed; the error has been logged. Try again later.",
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Internal error");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function} failed")]
    private static partial void LogFailed(ILogger logger, string function, Exception exception);
}
