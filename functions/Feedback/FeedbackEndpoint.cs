using System.Net.Http.Headers;
using Azure;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
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

        byte[]? body = request.ContentLength > MaxBodyBytes ? null : await ReadBoundedAsync(request.Body, cancellationToken).ConfigureAwait(false);
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
        await StorageDeadline.RunAsync($"Enqueue feedback to queue '{queue.Name}'", token => SendAsync(queue, feedback.ToJson(), token), cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted((string?)null, new FeedbackAccepted(feedback.EventId));
    }

    // The queue is created at start-up beside the first requests (and by the infrastructure in Azure); a request that
    // comes first creates it itself rather than failing.
    private static async Task SendAsync(QueueClient queue, string message, CancellationToken cancellationToken)
    {
        try
        {
            await queue.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "QueueNotFound")
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await queue.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    // application/json exactly (not application/jsonx or text/json), with no charset or a UTF-8 one.
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? media)
        && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
        && (media.CharSet is null || string.Equals(media.CharSet.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase));

    // Reads at most MaxBodyBytes + 1 bytes, so an oversize body is refused without buffering it. A body that breaks off
    // early or is badly chunked throws BadHttpRequestException, which FailureProblems answers with 400.
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBodyBytes + 1];
        int total = 0;
        int read;
        while (total < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total > MaxBodyBytes ? null : buffer[..total];
    }
}
