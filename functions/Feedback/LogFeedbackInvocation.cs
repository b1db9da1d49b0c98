using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Feedback;

/// <summary>
/// POST /LogFeedback: the Functions host's queue-trigger invocation. A non-2xx answer makes the host retry the
/// message and, after maxDequeueCount tries, move it to feedback-poison itself.
/// </summary>
public static class LogFeedbackInvocation
{
    /// <summary>The queue trigger's binding name in functions/Bindings/LogFeedback/function.json.</summary>
    public const string BindingName = "message";

    public static IEndpointRouteBuilder MapLogFeedbackInvocation(this IEndpointRouteBuilder app)
    {
        app.MapPost("/LogFeedback", InvokeAsync).ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<Ok<InvocationResponse>, BadRequest<InvocationResponse>>> InvokeAsync(InvocationRequest request, FeedbackProcessor processor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Data is null || !request.Data.TryGetValue(BindingName, out JsonElement data))
        {
            return TypedResults.BadRequest(InvocationResponse.Ok($"The invocation has no Data.{BindingName}."));
        }

        // The host passes the message text as a JSON string; a JSON message may also arrive already parsed.
        string message = data.ValueKind == JsonValueKind.String ? data.GetString() ?? string.Empty : data.GetRawText();
        FeedbackOutcome outcome = await processor.ProcessAsync(message, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(InvocationResponse.Ok($"LogFeedback: {outcome}"));
    }
}
