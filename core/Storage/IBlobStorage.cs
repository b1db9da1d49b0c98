namespace Recommender.Core.Storage;

/// <summary>Blob operations the project needs; implemented over REST by <see cref="BlobStorageClient"/>, replaceable by the official SDK.</summary>
public interface IBlobStorage
{
    /// <summary>Creates the container; true when created, false when it already existed.</summary>
    Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default);

    /// <summary>Uploads the stream (one Put Blob when small, blocks otherwise, with bounded memory) under the given conditions.</summary>
    Task<BlobWriteResult> UploadAsync(string container, string blobName, Stream content, BlobConditions? conditions = null, string? contentType = null, CancellationToken cancellationToken = default);

    /// <summary>Streams the blob; NotModified when <paramref name="ifNoneMatch"/> equals its ETag, NotFound when missing.</summary>
    Task<BlobDownloadResult> DownloadAsync(string container, string blobName, Azure.ETag? ifNoneMatch = null, CancellationToken cancellationToken = default);

    /// <summary>The blob's properties, or null when it does not exist.</summary>
    Task<BlobProperties?> GetPropertiesAsync(string container, string blobName, CancellationToken cancellationToken = default);

    /// <summary>All blobs whose names start with <paramref name="prefix"/>, in name order, following continuation markers.</summary>
    IAsyncEnumerable<BlobProperties> ListAsync(string container, string? prefix = null, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob (and its snapshots); true when it existed.</summary>
    Task<bool> DeleteIfExistsAsync(string container, string blobName, CancellationToken cancellationToken = default);
}
