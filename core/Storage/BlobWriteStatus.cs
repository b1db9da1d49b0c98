namespace Recommender.Core.Storage;

/// <summary>How a blob write ended.</summary>
public enum BlobWriteStatus
{
    /// <summary>The blob was written; the result carries its new ETag.</summary>
    Written,

    /// <summary>If-Match / If-None-Match did not hold (someone else wrote first, or the blob exists); nothing was written.</summary>
    PreconditionFailed,

    /// <summary>The service reported a conflict (e.g. a lease, or If-None-Match:* racing a concurrent create); nothing was written.</summary>
    Conflict,
}
