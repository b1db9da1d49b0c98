using Azure.Storage.Queues;
using Recommender.Core.AzureStorage;
using Recommender.Core.Feedback;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Feedback;

/// <summary>What happened to one feedback message.</summary>
public enum FeedbackOutcome
{
    /// <summary>Written to the table.</summary>
    Logged,

    /// <summary>Already in the table (a redelivery); nothing written.</summary>
    Duplicate,

    /// <summary>Could not be parsed; moved to the poison queue with the reason.</summary>
    Poisoned,
}

/// <summary>
/// The LogFeedback function's logic, shared by the Functions host invocation and the standalone queue listener:
/// parse, write idempotently to table <c>feedback</c>, and send unparseable messages to <c>feedback-poison</c> at once
/// (retrying a message that can never parse only delays the poison queue). Storage failures propagate, so the
/// message is retried.
/// </summary>
public sealed partial class FeedbackProcessor(FeedbackLog log, QueueServiceClient queues, StorageLayoutOptions layout, FeedbackIndex index, ILogger<FeedbackProcessor> logger)
{
    public async Task<FeedbackOutcome> ProcessAsync(string message, CancellationToken cancellationToken = default)
    {
        FeedbackEvent feedback;
        try
        {
            feedback = FeedbackEvent.Parse(message);
        }
        catch (FormatException ex)
        {
            await PoisonAsync(message, ex.Message, cancellationToken).ConfigureAwait(false);
            return FeedbackOutcome.Poisoned;
        }

        bool written = await log.WriteAsync(feedback, cancellationToken).ConfigureAwait(false);
        index.Add(feedback);
        LogLogged(logger, feedback.EventId, feedback.UserId, written);
        return written ? FeedbackOutcome.Logged : FeedbackOutcome.Duplicate;
    }

    /// <summary>Moves a message to the poison queue, logging why.</summary>
    public async Task PoisonAsync(string message, string reason, CancellationToken cancellationToken = default)
    {
        LogPoisoned(logger, reason);
        QueueClient poison = queues.GetQueueClient(layout.FeedbackPoisonQueue);
        try
        {
            await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await poison.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Send to queue '{poison.Name}'", poison.Uri);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback event {EventId} of user {UserId} logged (new row: {Written})")]
    private static partial void LogLogged(ILogger logger, string eventId, string userId, bool written);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feedback message moved to the poison queue: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string reason);
}
