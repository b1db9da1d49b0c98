using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Recommender.Core.Storage.Internals;

namespace Recommender.Core.Storage;

/// <summary>Blob service client over the REST API and an Azure.Core pipeline (Shared Key or Entra ID token).</summary>
public sealed partial class BlobStorageClient : IBlobStorage
{
    private readonly StorageService _service;
    private readonly int _blockSize;
    private readonly int _singleUploadThreshold;

    /// <summary>Creates the client for the connection's blob endpoint.</summary>
    public BlobStorageClient(StorageConnection connection, StorageClientOptions? options = null)
    {
        options ??= new StorageClientOptions();
        if (options.BlockSize is < 64 * 1024 or > 100 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BlockSize, "BlockSize must be between 64 KiB and 100 MiB.");
        }

        _service = new StorageService(StorageServiceKind.Blob, connection, options);
        _blockSize = options.BlockSize;
        _singleUploadThreshold = Math.Clamp(options.SingleUploadThreshold, 0, options.BlockSize);
    }

    /// <summary>The blob service endpoint.</summary>
    public Uri Endpoint => _service.Endpoint;

    /// <inheritdoc/>
    public async Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainerOrQueue(container, "container");
        using HttpMessage message = _service.CreateMessage(RequestMethod.Put, container);
        message.Request.Uri.AppendQuery("restype", "container");
        Response response = await _service.SendAsync(message, $"Create container '{container}'", cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            201 => true,
            409 when ErrorCode(response) == "ContainerAlreadyExists" => false,
            _ => throw _service.Error(response, $"Create container '{container}'"),
        };
    }

    /// <summary>Deletes the container and everything in it; true when it existed.</summary>
    public async Task<bool> DeleteContainerIfExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainerOrQueue(container, "container");
        using HttpMessage message = _service.CreateMessage(RequestMethod.Delete, container);
        message.Request.Uri.AppendQuery("restype", "container");
        Response response = await _service.SendAsync(message, $"Delete container '{container}'", cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            202 => true,
            404 => false,
            _ => throw _service.Error(response, $"Delete container '{container}'"),
        };
    }

    /// <inheritdoc/>
    public async Task<BlobDownloadResult> DownloadAsync(string container, string blobName, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        string operation = $"Download blob '{container}/{blobName}'";
        HttpMessage message = _service.CreateMessage(RequestMethod.Get, BlobPath(container, blobName));
        try
        {
            message.BufferResponse = false;
            if (ifNoneMatch is ETag etag)
            {
                message.Request.Headers.SetValue(HttpHeader.Names.IfNoneMatch, etag.ToString("H"));
            }

            Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
            switch (response.Status)
            {
                case 200:
                    // The message owns the network stream; the result disposes it.
                    return new BlobDownloadResult(BlobDownloadStatus.Ok, new OwningStream(response.ContentStream ?? Stream.Null, message), Properties(blobName, response));
                case 304:
                    message.Dispose();
                    return new BlobDownloadResult(BlobDownloadStatus.NotModified, null, Properties(blobName, response));
                case 404 when ErrorCode(response) is "BlobNotFound" or null:
                    message.Dispose();
                    return new BlobDownloadResult(BlobDownloadStatus.NotFound, null, null);
                default:
                    throw _service.Error(response, operation);
            }
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<BlobProperties?> GetPropertiesAsync(string container, string blobName, CancellationToken cancellationToken = default)
    {
        string operation = $"Get properties of blob '{container}/{blobName}'";
        using HttpMessage message = _service.CreateMessage(RequestMethod.Head, BlobPath(container, blobName));
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            200 => Properties(blobName, response),
            404 when ErrorCode(response) is "BlobNotFound" or null => null,
            _ => throw _service.Error(response, operation),
        };
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<BlobProperties> ListAsync(string container, string? prefix = null, int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainerOrQueue(container, "container");
        if (pageSize is < 1 or > 5000)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "pageSize must be between 1 and 5000.");
        }

        string operation = $"List blobs in '{container}'";
        string? marker = null;
        do
        {
            XElement root;
            using (HttpMessage message = _service.CreateMessage(RequestMethod.Get, container))
            {
                message.Request.Uri.AppendQuery("restype", "container");
                message.Request.Uri.AppendQuery("comp", "list");
                if (!string.IsNullOrEmpty(prefix))
                {
                    message.Request.Uri.AppendQuery("prefix", prefix);
                }

                if (pageSize is int size)
                {
                    message.Request.Uri.AppendQuery("maxresults", size.ToString(CultureInfo.InvariantCulture));
                }

                if (marker is not null)
                {
                    message.Request.Uri.AppendQuery("marker", marker);
                }

                Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
                if (response.Status != 200)
                {
                    throw _service.Error(response, operation);
                }

                root = XElement.Load(response.ContentStream!);
            }

            foreach (XElement blob in root.Element("Blobs")?.Elements("Blob") ?? [])
            {
                XElement? p = blob.Element("Properties");
                yield return new BlobProperties(
                    blob.Element("Name")?.Value ?? string.Empty,
                    new ETag(p?.Element("Etag")?.Value ?? string.Empty),
                    long.TryParse(p?.Element("Content-Length")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long length) ? length : 0,
                    NullIfEmpty(p?.Element("Content-Type")?.Value),
                    DateTimeOffset.TryParse(p?.Element("Last-Modified")?.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset modified) ? modified : null);
            }

            marker = NullIfEmpty(root.Element("NextMarker")?.Value);
        }
        while (marker is not null);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteIfExistsAsync(string container, string blobName, CancellationToken cancellationToken = default)
    {
        string operation = $"Delete blob '{container}/{blobName}'";
        using HttpMessage message = _service.CreateMessage(RequestMethod.Delete, BlobPath(container, blobName));
        message.Request.Headers.SetValue("x-ms-delete-snapshots", "include");
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            202 => true,
            404 when ErrorCode(response) is "BlobNotFound" or null => false,
            _ => throw _service.Error(response, operation),
        };
    }

    private static string BlobPath(string container, string blobName)
    {
        StorageNames.ValidateContainerOrQueue(container, "container");
        return container + "/" + StorageNames.EscapeBlobName(blobName);
    }

    private static string? ErrorCode(Response response) =>
        response.Headers.TryGetValue("x-ms-error-code", out string? code) ? code : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static BlobProperties Properties(string blobName, Response response)
    {
        response.Headers.TryGetValue("Content-Type", out string? contentType);
        long length = response.Headers.ContentLength ?? 0;
        DateTimeOffset? modified = response.Headers.TryGetValue("Last-Modified", out string? lm)
            && DateTimeOffset.TryParse(lm, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed) ? parsed : null;
        return new BlobProperties(blobName, response.Headers.ETag ?? default, length, contentType, modified);
    }
}
