namespace Recommender.Core.Storage;

/// <summary>How a blob download ended.</summary>
public enum BlobDownloadStatus
{
    /// <summary>The content is available as a stream.</summary>
    Ok,

    /// <summary>If-None-Match matched the current ETag: the caller's copy is current, no content.</summary>
    NotModified,

    /// <summary>The blob does not exist (the container does).</summary>
    NotFound,
}
