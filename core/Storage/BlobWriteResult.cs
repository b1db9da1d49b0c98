using Azure;

namespace Recommender.Core.Storage;

/// <summary>The outcome of a blob upload: written with a new ETag, or refused by a precondition/conflict (not an exception).</summary>
/// <param name="Status">How the write ended.</param>
/// <param name="ETag">The blob's new ETag when written; null otherwise.</param>
/// <param name="LastModified">The blob's new modification time when written.</param>
public sealed record BlobWriteResult(BlobWriteStatus Status, ETag? ETag, DateTimeOffset? LastModified)
{
    /// <summary>True when the blob was written.</summary>
    public bool Succeeded => Status == BlobWriteStatus.Written;
}
