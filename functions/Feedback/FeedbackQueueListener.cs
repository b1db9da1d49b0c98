using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Feedback;

/// <summary>
/// Standalone mode's queue trigger for LogFeedback: polls queue <c>feedback</c> with the host's settings
/// (visibility timeout 30 s, up to 16 messages, poison after 5 dequeues) and calls the same <see cref="FeedbackProcessor"/>.
/// </summary>
public sealed partial class FeedbackQueueListener(QueueServiceClient queues, StorageLayoutOptions layout, FeedbackProcessor processor, TimeProvider time, ILogger<FeedbackQueueListener> logger) : BackgroundService
{
    /// <summary>Same as host.json's extensions.queues.maxDequeueCount.</summary>
    public const int MaxDequeueCount = 5;

    private static readonly TimeSpan _visibilityTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _maxPollingInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan _minPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan delay = _minPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            int handled = 0;
            try
            {
                QueueClient queue = queues.GetQueueClient(layout.FeedbackQueue);
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                foreach (QueueMessage message in (await queue.ReceiveMessagesAsync(16, _visibilityTimeout, stoppingToken).ConfigureAwait(false)).Value)
                {
                    await HandleAsync(queue, message, stoppingToken).ConfigureAwait(false);
                    handled++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(logger, ex);
            }

            // Like the host: poll again at once while there is work, back off to the maximum interval when idle.
            delay = handled > 0 ? _minPollingInterval : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _maxPollingInterval.Ticks));
            if (handled == 0)
            {
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task HandleAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (message.DequeueCount > MaxDequeueCount)
            {
                await processor.PoisonAsync(message.Body.ToString(), $"failed {MaxDequeueCount} times", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await processor.ProcessAsync(message.Body.ToString(), cancellationToken).ConfigureAwait(false);
            }

            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left on the queue: it becomes visible again after the visibility timeout and is retried.
            LogMessageFailed(logger, message.MessageId, message.DequeueCount, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the feedback queue failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feedback message {MessageId} failed on attempt {DequeueCount}; it will be retried")]
    private static partial void LogMessageFailed(ILogger logger, string messageId, long dequeueCount, Exception exception);
}
