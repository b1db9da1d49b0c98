using Azure;

namespace Recommender.Core.Storage;

/// <summary>Table operations the project needs; implemented over REST by <see cref="TableStorageClient"/>, replaceable by the official SDK.</summary>
public interface ITableStorage
{
    /// <summary>Creates the table; true when created, false when it already existed.</summary>
    Task<bool> CreateIfNotExistsAsync(string table, CancellationToken cancellationToken = default);

    /// <summary>Inserts the entity; Conflict (not an exception) when one with the same keys exists.</summary>
    Task<TableWriteResult> InsertAsync(string table, TableEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Inserts or merges/replaces the entity unconditionally; returns the new ETag.</summary>
    Task<ETag> UpsertAsync(string table, TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default);

    /// <summary>Updates an existing entity only if its ETag still equals <paramref name="ifMatch"/> (<see cref="ETag.All"/>: any).</summary>
    Task<TableWriteResult> UpdateAsync(string table, TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default);

    /// <summary>The entity, or null when it does not exist.</summary>
    Task<TableEntity?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entity; true when it existed.</summary>
    Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>Entities matching <paramref name="filter"/> (OData, see <see cref="TableFilter"/>), following continuation tokens; <paramref name="pageSize"/> is sent as $top.</summary>
    IAsyncEnumerable<TableEntity> QueryAsync(string table, string? filter = null, IReadOnlyList<string>? select = null, int? pageSize = null, CancellationToken cancellationToken = default);
}
