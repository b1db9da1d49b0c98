using Azure;
using Azure.Storage.Queues;

namespace Recommender.Core.AzureStorage;

/// <summary>Sends a queue message, creating the queue when it is missing.</summary>
public static class QueueSend
{
    /// <summary>
    /// Queues are created at start-up (and by the infrastructure in Azure); a send that comes before that creates the
    /// queue itself rather than failing.
    /// </summary>
    public static async Task SendAsync(QueueClient queue, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
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
}
