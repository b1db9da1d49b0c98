using Azure;

namespace Recommender.Core.Storage;

/// <summary>Preconditions on a blob write or read: If-Match / If-None-Match (ETag or "*").</summary>
/// <param name="IfMatch">Write only if the blob's current ETag equals this (use <see cref="ETag.All"/> for "exists").</param>
/// <param name="IfNoneMatch">Write only if the ETag differs (use <see cref="ETag.All"/> for "does not exist yet").</param>
public sealed record BlobConditions(ETag? IfMatch = null, ETag? IfNoneMatch = null)
{
    /// <summary>No precondition: last writer wins.</summary>
    public static BlobConditions None { get; } = new();

    /// <summary>Create only: fails with PreconditionFailed/Conflict when the blob already exists (If-None-Match: *).</summary>
    public static BlobConditions IfNotExists { get; } = new(IfNoneMatch: ETag.All);

    /// <summary>Optimistic concurrency: replace only the version that was read (If-Match: etag).</summary>
    public static BlobConditions IfUnchanged(ETag etag) => new(IfMatch: etag);
}
