using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core;

namespace Recommender.Core.Storage;

/// <summary>Uploads: one Put Blob for small streams, Put Block + Put Block List through one pooled buffer for large ones.</summary>
public sealed partial class BlobStorageClient
{
    /// <inheritdoc/>
    public async Task<BlobWriteResult> UploadAsync(string container, string blobName, Stream content, BlobConditions? conditions = null, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string path = BlobPath(container, blobName);
        string operation = $"Upload blob '{container}/{blobName}'";
        conditions ??= BlobConditions.None;

        // One buffer of BlockSize bytes is the only large allocation; it comes from and returns to the shared pool.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(_blockSize);
        try
        {
            int count = await content.ReadAtLeastAsync(buffer.AsMemory(0, _blockSize), _blockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (count < _blockSize && count <= _singleUploadThreshold)
            {
                return await PutBlobAsync(path, buffer.AsMemory(0, count), conditions, contentType, operation, cancellationToken).ConfigureAwait(false);
            }

            // Block ids must all have the same length; a per-upload prefix keeps concurrent uploads of one name apart.
            string uploadId = Guid.NewGuid().ToString("N")[..12];
            var blockIds = new List<string>();
            while (count > 0)
            {
                string blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{uploadId}-{blockIds.Count:D6}"));
                await PutBlockAsync(path, blockId, buffer.AsMemory(0, count), operation, cancellationToken).ConfigureAwait(false);
                blockIds.Add(blockId);
                count = await content.ReadAtLeastAsync(buffer.AsMemory(0, _blockSize), _blockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }

            return await PutBlockListAsync(path, blockIds, conditions, contentType, operation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<BlobWriteResult> PutBlobAsync(string path, ReadOnlyMemory<byte> data, BlobConditions conditions, string? contentType, string operation, CancellationToken cancellationToken)
    {
        using HttpMessage message = _service.CreateMessage(RequestMethod.Put, path);
        message.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        message.Request.Headers.SetValue("Content-MD5", Md5(data.Span));
        SetWriteHeaders(message.Request, conditions, contentType);
        message.Request.Content = RequestContent.Create(data);
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return WriteResult(response, conditions, operation);
    }

    private async Task PutBlockAsync(string path, string blockId, ReadOnlyMemory<byte> data, string operation, CancellationToken cancellationToken)
    {
        using HttpMessage message = _service.CreateMessage(RequestMethod.Put, path);
        message.Request.Uri.AppendQuery("comp", "block");
        message.Request.Uri.AppendQuery("blockid", blockId);
        message.Request.Headers.SetValue("Content-MD5", Md5(data.Span));
        message.Request.Content = RequestContent.Create(data);
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw _service.Error(response, operation + " (Put Block)");
        }
    }

    private async Task<BlobWriteResult> PutBlockListAsync(string path, List<string> blockIds, BlobConditions conditions, string? contentType, string operation, CancellationToken cancellationToken)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>", 64 + (blockIds.Count * 48));
        foreach (string id in blockIds)
        {
            xml.Append("<Latest>").Append(id).Append("</Latest>");
        }

        xml.Append("</BlockList>");
        using HttpMessage message = _service.CreateMessage(RequestMethod.Put, path);
        message.Request.Uri.AppendQuery("comp", "blocklist");
        SetWriteHeaders(message.Request, conditions, contentType);
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml.ToString()));
        Response response = await _service.SendAsync(message, operation + " (Put Block List)", cancellationToken).ConfigureAwait(false);
        return WriteResult(response, conditions, operation);
    }

    private static void SetWriteHeaders(Request request, BlobConditions conditions, string? contentType)
    {
        request.Headers.SetValue("x-ms-blob-content-type", contentType ?? "application/octet-stream");
        if (conditions.IfMatch is ETag ifMatch)
        {
            request.Headers.SetValue(HttpHeader.Names.IfMatch, ifMatch.ToString("H"));
        }

        if (conditions.IfNoneMatch is ETag ifNoneMatch)
        {
            request.Headers.SetValue(HttpHeader.Names.IfNoneMatch, ifNoneMatch.ToString("H"));
        }
    }

    private BlobWriteResult WriteResult(Response response, BlobConditions conditions, string operation)
    {
        switch (response.Status)
        {
            case 201:
                DateTimeOffset? modified = response.Headers.TryGetValue("Last-Modified", out string? lm)
                    && DateTimeOffset.TryParse(lm, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed) ? parsed : null;
                return new BlobWriteResult(BlobWriteStatus.Written, response.Headers.ETag, modified);
            case 412:
                return new BlobWriteResult(BlobWriteStatus.PreconditionFailed, null, null);

            // If-Match on a blob that is gone cannot hold: the caller's version no longer exists.
            case 404 when conditions.IfMatch is not null && ErrorCode(response) is "BlobNotFound" or "ConditionNotMet" or null:
                return new BlobWriteResult(BlobWriteStatus.PreconditionFailed, null, null);
            case 409 when ErrorCode(response) is not ("ContainerBeingDeleted" or "ContainerDisabled"):
                return new BlobWriteResult(BlobWriteStatus.Conflict, null, null);
            default:
                throw _service.Error(response, operation);
        }
    }

    private static string Md5(ReadOnlySpan<byte> data)
    {
        // Content-MD5 lets the service reject a block corrupted in transit; MD5 is what the REST API defines here.
#pragma warning disable CA5351
        Span<byte> hash = stackalloc byte[16];
        MD5.HashData(data, hash);
#pragma warning restore CA5351
        return Convert.ToBase64String(hash);
    }
}
