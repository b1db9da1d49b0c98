namespace Recommender.Core.Storage;

/// <summary>Queue operations the project needs; implemented over REST by <see cref="QueueStorageClient"/>, replaceable by the official SDK.</summary>
public interface IQueueStorage
{
    /// <summary>Creates the queue; true when created, false when it already existed.</summary>
    Task<bool> CreateIfNotExistsAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>Enqueues <paramref name="text"/>, base64-encoded on the wire as the Functions host expects; returns the message id.</summary>
    Task<string> SendAsync(string queue, string text, TimeSpan? initialVisibilityDelay = null, CancellationToken cancellationToken = default);

    /// <summary>Receives up to <paramref name="maxMessages"/> (1-32) messages and hides them for <paramref name="visibilityTimeout"/>.</summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="maxMessages"/> (1-32) visible messages without hiding them or counting a delivery.</summary>
    Task<IReadOnlyList<QueueMessage>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken = default);

    /// <summary>Deletes a received message; false when it was already gone or the pop receipt is stale.</summary>
    Task<bool> DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken = default);

    /// <summary>Hides a received message for <paramref name="visibilityTimeout"/> from now; returns the new pop receipt.</summary>
    Task<string> UpdateVisibilityAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>The approximate number of messages in the queue.</summary>
    Task<long> GetApproximateCountAsync(string queue, CancellationToken cancellationToken = default);
}
