using System.Net.Http.Headers;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Recommender.Core.AzureStorage;
using Recommender.Core.Feedback;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Feedback;

/// <summary>POST /api/feedback: validates an event and enqueues it for LogFeedback.</summary>
public sealed class FeedbackEndpoint(QueueServiceClient queues, StorageLayoutOptions layout, TimeProvider time)
{
    /// <summary>Largest accepted body; events are a few hundred bytes.</summary>
    public const int MaxBodyBytes = 4096;

    /// <summary>
    /// 202 with the event id once the event is on the queue; 400/413/415 problem+json naming the field, and nothing
    /// enqueued, otherwise; 503 with Retry-After when the queue cannot be reached within the storage deadline.
    /// </summary>
    [Function("Feedback")]
    public async Task<IResult> PostFeedbackAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "feedback")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            return TypedResults.Problem(
                "Send the event with Content-Type application/json (UTF-8).",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type");
        }

        byte[]? body = await BoundedBody.ReadAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return TypedResults.Problem($"The body must be at most {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
        }

        if (!FeedbackRequestReader.TryRead(body, out FeedbackRequest? parsed, out FeedbackProblem? problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        var feedback = new FeedbackEvent
        {
            EventId = parsed!.EventId ?? Guid.NewGuid().ToString("N"),
            UserId = parsed.UserId,
            ItemId = parsed.ItemId,
            Event = parsed.Event,
            Value = parsed.Value,
            Timestamp = parsed.Timestamp ?? time.GetUtcNow(),
            RecommendationId = parsed.RecommendationId,
        };
        QueueClient queue = queues.GetQueueClient(layout.FeedbackQueue);
        await StorageDeadline.RunAsync($"Enqueue feedback to queue '{queue.Name}'", token => QueueSend.SendAsync(queue, feedback.ToJson(), token), cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted((string?)null, new FeedbackAccepted(feedback.EventId));
    }

    // application/json exactly (not application/jsonx or text/json), with no charset or a UTF-8 one.
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? media)
        && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
        && (media.CharSet is null || string.Equals(media.CharSet.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase));
}
