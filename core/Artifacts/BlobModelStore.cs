using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Recommender.Core.AzureStorage;

namespace Recommender.Core.Artifacts;

/// <summary>A model store on a blob container (by default <c>models</c>); ETags and conditions are the service's own.</summary>
public sealed class BlobModelStore : IModelStore
{
    // Uploads go in blocks of this size, a few at a time, so memory stays flat however large the artifact.
    private static readonly StorageTransferOptions _transfer = new()
    {
        InitialTransferSize = 4 * 1024 * 1024,
        MaximumTransferSize = 4 * 1024 * 1024,
        MaximumConcurrency = 4,
    };

    private readonly BlobContainerClient _container;
    private readonly int? _listPageSize;
    private int _containerReady;

    /// <summary>The store on <paramref name="container"/> of the blob service.</summary>
    public BlobModelStore(BlobServiceClient blobs, string container = StorageLayout.ModelsContainer)
        : this(blobs, container, null)
    {
    }

    /// <summary>As above, listing <paramref name="listPageSize"/> names per request (tests use it to force continuation).</summary>
    internal BlobModelStore(BlobServiceClient blobs, string container, int? listPageSize)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        _container = blobs.GetBlobContainerClient(container);
        _listPageSize = listPageSize;
    }

    public string Location => $"blob container '{_container.Name}'";

    public async Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions { HttpHeaders = Headers(path), TransferOptions = _transfer };
        await Call($"Upload blob '{_container.Name}/{path}'", () => _container.GetBlobClient(path).UploadAsync(content, options, cancellationToken)).ConfigureAwait(false);
    }

    public async Task<StoredFile?> ReadAsync(string path, string? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        var options = new BlobDownloadOptions();
        if (ifNoneMatch is not null)
        {
            options.Conditions = new BlobRequestConditions { IfNoneMatch = new ETag(ifNoneMatch) };
        }

        Response<BlobDownloadStreamingResult> response;
        try
        {
            response = await _container.GetBlobClient(path).DownloadStreamingAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 304)
        {
            return new StoredFile([], ifNoneMatch!, NotModified: true);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No container yet means no model yet, the same as a missing blob.
            return null;
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Download blob '{_container.Name}/{path}'", _container.Uri);
        }

        if (response.GetRawResponse().Status == 304)
        {
            // The SDK answers a met If-None-Match with a response that has no value rather than an exception.
            return new StoredFile([], ifNoneMatch!, NotModified: true);
        }

        using BlobDownloadStreamingResult download = response.Value;
        string etag = download.Details.ETag.ToString();
        try
        {
            // One exact-size array: the content length is known, so the bytes are copied once.
            byte[] content = new byte[download.Details.ContentLength];
            await download.Content.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            return new StoredFile(content, etag);
        }
        catch (IOException ex) when (ex is not StorageUnavailableException)
        {
            throw StorageErrors.Describe(ex, $"Download blob '{_container.Name}/{path}'", _container.Uri);
        }
    }

    public async Task<string?> TryWriteConditionalAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions
        {
            HttpHeaders = Headers(path),
            Conditions = ifMatch is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(ifMatch) },
        };
        try
        {
            Response<BlobContentInfo> written = await _container.GetBlobClient(path).UploadAsync(BinaryData.FromBytes(content), options, cancellationToken).ConfigureAwait(false);
            return written.Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 || (ex.Status == 404 && ifMatch is not null && ex.ErrorCode != "ContainerNotFound"))
        {
            // 412: the ETag moved; 409: the blob appeared first; 404 under If-Match: the caller's version no longer exists.
            return null;
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Conditional upload of blob '{_container.Name}/{path}'", _container.Uri);
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix };
        IAsyncEnumerator<Page<BlobItem>> pages = _container.GetBlobsAsync(options, cancellationToken).AsPages(pageSizeHint: _listPageSize).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await pages.MoveNextAsync().ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    more = false; // No container: nothing published yet.
                }
                catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
                {
                    throw StorageErrors.Describe(ex, $"List blobs in '{_container.Name}'", _container.Uri);
                }

                if (!more)
                {
                    break;
                }

                foreach (BlobItem blob in pages.Current.Values)
                {
                    yield return blob.Name;
                }
            }
        }
        finally
        {
            await pages.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static BlobHttpHeaders Headers(string path) =>
        new() { ContentType = path.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream" };

    private async Task Call(string operation, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, operation, _container.Uri);
        }
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerReady) == 0)
        {
            await Call($"Create container '{_container.Name}'", () => _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
            Volatile.Write(ref _containerReady, 1);
        }
    }
}
