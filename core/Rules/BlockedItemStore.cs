using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Recommender.Core.AzureStorage;
using Recommender.Core.Feedback;

namespace Recommender.Core.Rules;

/// <summary>
/// Table <c>rules</c>: one row per blocked item in partition <c>blocked-items</c>, row key = the item id (table-key
/// encoded), so blocking twice keeps one row and unblocking deletes it. The table is created on first use.
/// </summary>
public sealed class BlockedItemStore
{
    /// <summary>The partition of blocked items; other kinds of rule get partitions of their own.</summary>
    public const string Partition = "blocked-items";

    private readonly TableClient _table;
    private readonly TablesOnce _created;

    public BlockedItemStore(TableServiceClient tables, string table = StorageLayout.RulesTable)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(table);
        _created = new TablesOnce(_table);
    }

    /// <summary>Blocks an item (again: keeps the first time it was blocked); returns the stored rule.</summary>
    public async Task<BlockedItem> BlockAsync(string itemId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        var entity = new TableEntity(Partition, TableKeys.Encode(itemId)) { ["ItemId"] = itemId, ["BlockedAt"] = now };
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return new BlockedItem(itemId, now);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already blocked: PUT is idempotent, and the rule keeps its original time.
            Response<TableEntity> existing = await _table.GetEntityAsync<TableEntity>(Partition, TableKeys.Encode(itemId), cancellationToken: cancellationToken).ConfigureAwait(false);
            return new BlockedItem(itemId, existing.Value.GetDateTimeOffset("BlockedAt") ?? now);
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Blocking item {itemId} in table '{_table.Name}'", _table.Uri);
        }
    }

    /// <summary>Removes an item's block; false when it was not blocked.</summary>
    public async Task<bool> UnblockAsync(string itemId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Response response = await _table.DeleteEntityAsync(Partition, TableKeys.Encode(itemId), ETag.All, cancellationToken).ConfigureAwait(false);
            return response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Unblocking item {itemId} in table '{_table.Name}'", _table.Uri);
        }
    }

    /// <summary>Every blocked item, in row key order.</summary>
    public async IAsyncEnumerable<BlockedItem> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (TableEntity row in TableRows.ReadAsync(_table, filter, cancellationToken).ConfigureAwait(false))
        {
            // Rows are only written by BlockAsync; a row without an item id is not ours to interpret.
            if (row.GetString("ItemId") is { Length: > 0 } itemId)
            {
                yield return new BlockedItem(itemId, row.GetDateTimeOffset("BlockedAt") ?? row.Timestamp ?? DateTimeOffset.MinValue);
            }
        }
    }
}
