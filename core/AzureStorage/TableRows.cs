using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace Recommender.Core.AzureStorage;

/// <summary>
/// Reads a table's rows page by page, turning a storage failure on any page into the product's storage error (which
/// says what failed, not where) instead of the SDK's exception.
/// </summary>
public static class TableRows
{
    public static async IAsyncEnumerable<TableEntity> ReadAsync(TableClient table, string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        IAsyncEnumerator<TableEntity> rows = table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await rows.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
                {
                    throw StorageErrors.Describe(ex, $"Reading table '{table.Name}'", table.Uri);
                }

                yield return rows.Current;
            }
        }
        finally
        {
            await rows.DisposeAsync().ConfigureAwait(false);
        }
    }
}
