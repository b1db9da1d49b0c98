using System.Runtime.CompilerServices;
using Azure;
using Recommender.Core.Storage;

namespace Recommender.Core.Artifacts;

/// <summary>A model store on a blob container (by default <c>models</c>); ETags and conditions are the service's own.</summary>
public sealed class BlobModelStore(IBlobStorage blobs, string container = StorageLayout.ModelsContainer) : IModelStore
{
    private readonly IBlobStorage _blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
    private const string ContainerNotFound = "ContainerNotFound";
    private int _containerReady;

    public string Location => $"blob container '{container}'";

    public async Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        BlobWriteResult result = await _blobs.UploadAsync(container, path, content, BlobConditions.None, ContentTypeOf(path), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new IOException($"Writing {container}/{path} failed with {result.Status}.");
        }
    }

    public async Task<StoredFile?> ReadAsync(string path, string? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        BlobDownloadResult download;
        try
        {
            download = await _blobs.DownloadAsync(container, path, ifNoneMatch is null ? null : new ETag(ifNoneMatch), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageRequestException ex) when (ex.ErrorCode == ContainerNotFound)
        {
            // No container yet means no model yet, the same as a missing blob.
            return null;
        }

        using var owned = download;
        switch (download.Status)
        {
            case BlobDownloadStatus.NotFound:
                return null;
            case BlobDownloadStatus.NotModified:
                return new StoredFile([], ifNoneMatch!, NotModified: true);
            default:
                using (var buffer = new MemoryStream())
                {
                    await download.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                    return new StoredFile(buffer.ToArray(), download.ETag?.ToString() ?? string.Empty);
                }
        }
    }

    public async Task<string?> TryWriteConditionalAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        BlobConditions conditions = ifMatch is null ? BlobConditions.IfNotExists : BlobConditions.IfUnchanged(new ETag(ifMatch));
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        BlobWriteResult result = await _blobs.UploadAsync(container, path, stream, conditions, ContentTypeOf(path), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.ETag?.ToString() : null;
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<BlobProperties> blobs = _blobs.ListAsync(container, prefix, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await blobs.MoveNextAsync().ConfigureAwait(false);
                }
                catch (StorageRequestException ex) when (ex.ErrorCode == ContainerNotFound)
                {
                    more = false;
                }

                if (!more)
                {
                    break;
                }

                yield return blobs.Current.Name;
            }
        }
        finally
        {
            await blobs.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string ContentTypeOf(string path) => path.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream";

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerReady) == 0)
        {
            await _blobs.CreateContainerIfNotExistsAsync(container, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _containerReady, 1);
        }
    }
}
