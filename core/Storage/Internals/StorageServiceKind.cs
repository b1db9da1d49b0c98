namespace Recommender.Core.Storage.Internals;

/// <summary>The three storage services; each has its own endpoint, API version and signing variant.</summary>
internal enum StorageServiceKind
{
    Blob,
    Queue,
    Table,
}
