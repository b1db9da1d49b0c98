namespace Recommender.Core.Storage;

/// <summary>A queue message as received (with pop receipt) or peeked (without).</summary>
/// <param name="Id">The message id.</param>
/// <param name="PopReceipt">Needed to delete or update a received message; null for peeked messages.</param>
/// <param name="DequeueCount">How many times the message has been received (1 on first delivery).</param>
/// <param name="InsertedOn">When the message was enqueued.</param>
/// <param name="NextVisibleOn">When the message becomes visible again; null for peeked messages.</param>
/// <param name="Text">The text: base64-decoded when it was base64 (as the Functions host writes it), else as stored.</param>
public sealed record QueueMessage(string Id, string? PopReceipt, long DequeueCount, DateTimeOffset InsertedOn, DateTimeOffset? NextVisibleOn, string Text);
