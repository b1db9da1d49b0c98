namespace Recommender.Core.Storage;

/// <summary>How an upsert or update treats properties the new entity does not carry.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep the stored properties the new entity does not set.</summary>
    Merge,

    /// <summary>Replace the whole entity.</summary>
    Replace,
}
