using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Recommender.FunctionsHost.Configuration;
using Recommender.FunctionsHost.Metadata;
using Recommender.FunctionsHost.Protocol;
using Recommender.FunctionsHost.Worker;

namespace Recommender.FunctionsHost.Queues;

/// <summary>
/// Polls a queue for a queue-triggered function as the Functions host does: batches of host.json's batchSize, one
/// invocation per message, delete on success. A failed message becomes visible again after visibilityTimeout; once
/// it has been tried maxDequeueCount times it moves to <c>{queue}-poison</c>. An empty queue is polled less and less
/// often, up to maxPollingInterval.
/// </summary>
internal sealed class QueueTrigger(FunctionDescriptor function, QueueClient queue, QueueClient poison, QueueSettings settings, TimeSpan lease, WorkerChannel channel, ILogger logger)
{
    private static readonly TimeSpan _minimumPollingInterval = TimeSpan.FromMilliseconds(100);

    public string QueueName => queue.Name;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait = _minimumPollingInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                QueueMessage[] messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, lease, cancellationToken).ConfigureAwait(false)).Value;
                if (messages.Length > 0)
                {
                    wait = _minimumPollingInterval;
                    await Task.WhenAll(messages.Select(m => ProcessAsync(m, cancellationToken))).ConfigureAwait(false);
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is RequestFailedException or AggregateException or IOException or HttpRequestException or OperationCanceledException)
            {
                // Storage refused, could not be reached after the SDK's retries (an AggregateException), or timed out:
                // keep polling, as the host does, so the trigger resumes by itself when storage returns.
                logger.QueuePollFailed(function.Name, queue.Name, exception.Message);
            }

            try
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, Math.Max(settings.MaxPollingInterval.Ticks, _minimumPollingInterval.Ticks)));
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (!TryDecode(message.MessageText, out string text))
            {
                logger.MessageNotEncoded(function.Name, message.MessageId, settings.MessageEncoding);
                await MoveToPoisonAsync(message, cancellationToken).ConfigureAwait(false);
                return;
            }

            var info = new QueueMessageInfo(message.MessageId, text, message.DequeueCount, message.InsertedOn, message.ExpiresOn);
            InvocationResponse response = await channel.InvokeAsync(Invocations.Queue(function, info), cancellationToken).ConfigureAwait(false);
            if (response.Result?.Status == StatusResult.Types.Status.Success)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                logger.MessageGaveUp(function.Name, message.MessageId, message.DequeueCount, response.Result?.Exception?.Message);
                await MoveToPoisonAsync(message, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                logger.MessageRetry(function.Name, message.MessageId, message.DequeueCount, response.Result?.Exception?.Message);
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException exception)
        {
            logger.MessageNotProcessed(function.Name, message.MessageId, exception.Message);
        }
        catch (IOException exception)
        {
            // The worker went away; the message becomes visible again when its lease ends.
            logger.MessageNotProcessed(function.Name, message.MessageId, exception.Message);
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await poison.SendMessageAsync(message.MessageText, cancellationToken).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        logger.MessagePoisoned(function.Name, message.MessageId, poison.Name);
    }

    private bool TryDecode(string raw, out string text)
    {
        if (!settings.MessageEncoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
        {
            text = raw;
            return true;
        }

        byte[] buffer = new byte[(raw.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(raw, buffer, out int written))
        {
            text = Encoding.UTF8.GetString(buffer, 0, written);
            return true;
        }

        text = "";
        return false;
    }
}
