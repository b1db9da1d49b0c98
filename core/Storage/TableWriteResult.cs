using Azure;

namespace Recommender.Core.Storage;

/// <summary>The outcome of a table insert or conditional update (refusals are results, not exceptions).</summary>
/// <param name="Status">How the write ended.</param>
/// <param name="ETag">The entity's new ETag when written.</param>
public sealed record TableWriteResult(TableWriteStatus Status, ETag? ETag)
{
    /// <summary>True when the entity was written.</summary>
    public bool Succeeded => Status == TableWriteStatus.Written;
}
