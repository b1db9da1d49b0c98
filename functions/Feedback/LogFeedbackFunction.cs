using Microsoft.Azure.Functions.Worker;
using Recommender.Core.Feedback;
using Recommender.Functions.Experiments;

namespace Recommender.Functions.Feedback;

/// <summary>
/// LogFeedback: writes each event from queue <c>feedback</c> to table <c>feedback</c>. The write is keyed by event id,
/// so a redelivered message writes nothing new. A message that is not a valid event throws (FormatException naming the
/// problem): the host retries it and, after host.json's maxDequeueCount (5) attempts, moves it to <c>feedback-poison</c>.
/// Storage failures throw too, so the message is retried.
/// </summary>
public sealed partial class LogFeedbackFunction(FeedbackLog log, FeedbackIndex index, ImpressionOutcomes outcomes, ILogger<LogFeedbackFunction> logger)
{
    public const string FunctionName = "LogFeedback";

    /// <summary>The queue the trigger reads; the same name as <see cref="Hosting.StorageLayoutOptions.FeedbackQueue"/>'s default.</summary>
    public const string QueueName = "feedback";

    [Function(FunctionName)]
    public async Task RunAsync(
        [QueueTrigger(QueueName, Connection = "RecommenderStorage")] string message,
        CancellationToken cancellationToken)
    {
        FeedbackEvent feedback = FeedbackEvent.Parse(message);
        bool written = await log.WriteAsync(feedback, cancellationToken).ConfigureAwait(false);

        // A like or dislike of a served list also counts for that list's variant in the online metrics.
        await outcomes.RecordAsync(feedback, cancellationToken).ConfigureAwait(false);

        // This instance hides a dislike at once; other instances read it at their next feedback refresh.
        index.Add(feedback);
        LogLogged(logger, feedback.EventId, feedback.UserId, written);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feedback event {EventId} of user {UserId} logged (new row: {Written})")]
    private static partial void LogLogged(ILogger logger, string eventId, string userId, bool written);
}
