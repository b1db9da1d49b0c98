using Microsoft.Azure.Functions.Worker;
using Recommender.Core.Feedback;

namespace Recommender.Functions.Feedback;

/// <summary>
/// LogFeedback: writes each event from queue <c>feedback</c> to table <c>feedback</c>. The write is idempotent (keyed
/// by event id), so a redelivered message is harmless. A message that is not a valid event throws: the host retries it
/// and, after host.json's maxDequeueCount (5) attempts, moves it to <c>feedback-poison</c>.
/// </summary>
public sealed class LogFeedbackFunction(FeedbackProcessor processor)
{
    public const string FunctionName = "LogFeedback";

    /// <summary>The queue the trigger reads; the same name as <see cref="Hosting.StorageLayoutOptions.FeedbackQueue"/>'s default.</summary>
    public const string QueueName = "feedback";

    [Function(FunctionName)]
    public async Task RunAsync(
        [QueueTrigger(QueueName, Connection = "RecommenderStorage")] string message,
        CancellationToken cancellationToken)
    {
        // Parse first, so a bad message fails the invocation (FormatException naming the problem) instead of being logged.
        FeedbackEvent.Parse(message);
        await processor.ProcessAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
