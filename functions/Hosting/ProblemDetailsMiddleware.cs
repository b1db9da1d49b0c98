using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Recommender.Functions.Hosting;

/// <summary>
/// An HTTP function that fails unexpectedly answers problem+json with one sentence (<see cref="FailureProblems"/>), never
/// a stack trace; the exception goes to the log. Queue and timer functions are left alone: their exceptions must reach
/// the host, which retries and poisons queue messages.
/// </summary>
public sealed class ProblemDetailsMiddleware(ILogger<ProblemDetailsMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.GetHttpContext() is { } http && !context.CancellationToken.IsCancellationRequested)
        {
            context.GetInvocationResult().Value = FailureProblems.For(ex, http.Request, logger);
        }
    }
}
