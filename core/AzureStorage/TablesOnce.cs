using Azure.Data.Tables;

namespace Recommender.Core.AzureStorage;

/// <summary>
/// Creates a store's tables on its first use and never again: creating on every call would cost one request per
/// write. A failed creation is retried by the next call.
/// </summary>
public sealed class TablesOnce(params TableClient[] tables)
{
    private int _ready;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ready) != 0)
        {
            return;
        }

        foreach (TableClient table in tables)
        {
            try
            {
                await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
            {
                throw StorageErrors.Describe(ex, $"Create table '{table.Name}'", table.Uri);
            }
        }

        Volatile.Write(ref _ready, 1);
    }
}
