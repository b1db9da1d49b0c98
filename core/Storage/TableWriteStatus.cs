namespace Recommender.Core.Storage;

/// <summary>How a table write ended.</summary>
public enum TableWriteStatus
{
    /// <summary>The entity was written; the result carries its new ETag.</summary>
    Written,

    /// <summary>Insert: an entity with the same keys already exists.</summary>
    Conflict,

    /// <summary>Update: the entity changed since the ETag was read.</summary>
    PreconditionFailed,

    /// <summary>Update: the entity does not exist.</summary>
    NotFound,
}
