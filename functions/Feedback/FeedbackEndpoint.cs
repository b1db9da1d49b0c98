using System.Text.Json;
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

    /// <summary>202 with the event id once the event is on the queue; 400/413/415 problem+json, and nothing enqueued, otherwise.</summary>
    [Function("Feedback")]
    public async Task<IResult> PostFeedbackAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "feedback")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem("Send the event as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        byte[]? body = await ReadBoundedAsync(request.Body, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return TypedResults.Problem($"The body must be at most {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
        }

        FeedbackRequest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, FeedbackRequestJson.Default.FeedbackRequest);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest($"The body is not a valid feedback event: {ex.Message}");
        }

        if (parsed?.Event is not FeedbackKind kind)
        {
            return Problems.BadRequest("event is required: like, dislike, view or rating.");
        }

        string? problem = FeedbackRules.Check(parsed.UserId, parsed.ItemId, kind, parsed.Value);
        if (problem is not null)
        {
            return Problems.BadRequest(problem + ".");
        }

        var feedback = new FeedbackEvent
        {
            EventId = Guid.NewGuid().ToString("N"),
            UserId = parsed.UserId!,
            ItemId = parsed.ItemId!,
            Event = kind,
            Value = parsed.Value,
            Timestamp = parsed.Timestamp ?? time.GetUtcNow(),
        };
        QueueClient queue = queues.GetQueueClient(layout.FeedbackQueue);
        try
        {
            await queue.SendMessageAsync(feedback.ToJson(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            // FailureProblems answers 503 problem+json with this sentence.
            throw StorageErrors.Describe(ex, $"Enqueue feedback to queue '{queue.Name}'", queue.Uri);
        }
        return TypedResults.Accepted((string?)null, new FeedbackAccepted(feedback.EventId));
    }

    // Reads at most MaxBodyBytes + 1 bytes, so an oversize body is refused without buffering it.
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
