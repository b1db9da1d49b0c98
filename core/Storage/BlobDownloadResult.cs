using Azure;

namespace Recommender.Core.Storage;

/// <summary>A streamed blob download; dispose it to release the connection.</summary>
public sealed class BlobDownloadResult : IDisposable
{
    internal BlobDownloadResult(BlobDownloadStatus status, Stream? content, BlobProperties? properties)
    {
        Status = status;
        Content = content ?? Stream.Null;
        Properties = properties;
    }

    /// <summary>Ok, NotModified or NotFound.</summary>
    public BlobDownloadStatus Status { get; }

    /// <summary>The content, read straight from the network (empty unless <see cref="Status"/> is Ok).</summary>
    public Stream Content { get; }

    /// <summary>ETag, length, type and modification time (null when NotFound; ETag only when NotModified).</summary>
    public BlobProperties? Properties { get; }

    /// <summary>The ETag of the blob, when the service sent one.</summary>
    public ETag? ETag => Properties?.ETag;

    /// <summary>Releases the network stream.</summary>
    public void Dispose() => Content.Dispose();
}
