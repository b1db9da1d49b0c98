using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Recommender.Core.Storage.Internals;

namespace Recommender.Core.Storage;

/// <summary>Queue service client over the REST API and an Azure.Core pipeline (Shared Key or Entra ID token).</summary>
public sealed class QueueStorageClient : IQueueStorage
{
    private readonly StorageService _service;

    /// <summary>Creates the client for the connection's queue endpoint.</summary>
    public QueueStorageClient(StorageConnection connection, StorageClientOptions? options = null)
    {
        _service = new StorageService(StorageServiceKind.Queue, connection, options);
    }

    /// <summary>The queue service endpoint.</summary>
    public Uri Endpoint => _service.Endpoint;

    /// <inheritdoc/>
    public async Task<bool> CreateIfNotExistsAsync(string queue, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainerOrQueue(queue, "queue");
        string operation = $"Create queue '{queue}'";
        using HttpMessage message = _service.CreateMessage(RequestMethod.Put, queue);
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            201 => true,
            204 => false,
            409 when ErrorCode(response) == "QueueAlreadyExists" => false,
            _ => throw _service.Error(response, operation),
        };
    }

    /// <summary>Deletes the queue and its messages; true when it existed.</summary>
    public async Task<bool> DeleteQueueIfExistsAsync(string queue, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainerOrQueue(queue, "queue");
        string operation = $"Delete queue '{queue}'";
        using HttpMessage message = _service.CreateMessage(RequestMethod.Delete, queue);
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw _service.Error(response, operation),
        };
    }

    /// <inheritdoc/>
    public async Task<string> SendAsync(string queue, string text, TimeSpan? initialVisibilityDelay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        string operation = $"Send to queue '{queue}'";
        using HttpMessage message = _service.CreateMessage(RequestMethod.Post, MessagesPath(queue));
        if (initialVisibilityDelay is TimeSpan delay)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(delay, nameof(initialVisibilityDelay), 0));
        }

        var body = new XElement("QueueMessage", new XElement("MessageText", QueueMessageText.Encode(text)));
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting)));
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw _service.Error(response, operation);
        }

        return Parse(response, operation, withReceipt: true) is [var sent] ? sent.Id : throw _service.Error(response, operation + ": no message in the reply");
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        string operation = $"Receive from queue '{queue}'";
        using HttpMessage message = _service.CreateMessage(RequestMethod.Get, MessagesPath(queue));
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, nameof(visibilityTimeout), 1));
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status == 200 ? Parse(response, operation, withReceipt: true) : throw _service.Error(response, operation);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<QueueMessage>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        string operation = $"Peek queue '{queue}'";
        using HttpMessage message = _service.CreateMessage(RequestMethod.Get, MessagesPath(queue));
        message.Request.Uri.AppendQuery("peekonly", "true");
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status == 200 ? Parse(response, operation, withReceipt: false) : throw _service.Error(response, operation);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        string operation = $"Delete message {messageId} from queue '{queue}'";
        using HttpMessage message = _service.CreateMessage(RequestMethod.Delete, MessagesPath(queue) + "/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            204 => true,
            404 when ErrorCode(response) is "MessageNotFound" or "PopReceiptMismatch" or null => false,
            400 when ErrorCode(response) == "PopReceiptMismatch" => false,
            _ => throw _service.Error(response, operation),
        };
    }

    /// <inheritdoc/>
    public async Task<string> UpdateVisibilityAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        string operation = $"Update visibility of message {messageId} in queue '{queue}'";
        using HttpMessage message = _service.CreateMessage(RequestMethod.Put, MessagesPath(queue) + "/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, nameof(visibilityTimeout), 0));
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status == 204 && response.Headers.TryGetValue("x-ms-popreceipt", out string? receipt))
        {
            return receipt;
        }

        throw _service.Error(response, operation);
    }

    /// <inheritdoc/>
    public async Task<long> GetApproximateCountAsync(string queue, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainerOrQueue(queue, "queue");
        string operation = $"Get message count of queue '{queue}'";
        using HttpMessage message = _service.CreateMessage(RequestMethod.Get, queue);
        message.Request.Uri.AppendQuery("comp", "metadata");
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status == 200 && response.Headers.TryGetValue("x-ms-approximate-messages-count", out string? count)
            && long.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            return value;
        }

        throw _service.Error(response, operation);
    }

    private static string MessagesPath(string queue)
    {
        StorageNames.ValidateContainerOrQueue(queue, "queue");
        return queue + "/messages";
    }

    private static string Seconds(TimeSpan value, string name, int minimum)
    {
        int seconds = (int)Math.Ceiling(value.TotalSeconds);
        if (seconds < minimum || seconds > 7 * 24 * 3600)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {minimum} s and 7 days.");
        }

        return seconds.ToString(CultureInfo.InvariantCulture);
    }

    private static string? ErrorCode(Response response) =>
        response.Headers.TryGetValue("x-ms-error-code", out string? code) ? code : null;

    private static List<QueueMessage> Parse(Response response, string operation, bool withReceipt)
    {
        XElement root = XElement.Load(response.ContentStream ?? throw new StorageRequestException(operation + " failed: empty reply."));
        var messages = new List<QueueMessage>();
        foreach (XElement m in root.Elements("QueueMessage"))
        {
            messages.Add(new QueueMessage(
                m.Element("MessageId")?.Value ?? string.Empty,
                withReceipt ? m.Element("PopReceipt")?.Value : null,
                long.TryParse(m.Element("DequeueCount")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long dequeued) ? dequeued : 0,
                Time(m.Element("InsertionTime")?.Value) ?? default,
                withReceipt ? Time(m.Element("TimeNextVisible")?.Value) : null,
                QueueMessageText.Decode(m.Element("MessageText")?.Value ?? string.Empty)));
        }

        return messages;
    }

    private static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed) ? parsed : null;
}
