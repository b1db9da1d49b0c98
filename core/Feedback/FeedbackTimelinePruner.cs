using Azure;
using Azure.Data.Tables;
using Recommender.Core.AzureStorage;

namespace Recommender.Core.Feedback;

/// <summary>
/// Deletes the feedback timeline's old hours. Readers only ask the timeline for the last few minutes (a full load reads
/// the per-user table), so an hour older than the retention is never read again. Only the timeline table is reachable
/// from here: it is derived from the feedback table's name (<see cref="FeedbackTimeline.TableFor"/>), and the per-user
/// table, which training reads, is never touched.
/// </summary>
public sealed class FeedbackTimelinePruner
{
    /// <summary>Most operations in one table transaction (entity group transactions are per partition).</summary>
    public const int MaxBatch = 100;

    private const int PageSize = 1000;
    private readonly TableClient _timeline;

    /// <summary>The pruner of the timeline of <paramref name="feedbackTable"/> (table <c>feedbackbytime</c> for <c>feedback</c>).</summary>
    public FeedbackTimelinePruner(TableServiceClient tables, string feedbackTable = StorageLayout.FeedbackTable)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _timeline = tables.GetTableClient(FeedbackTimeline.TableFor(feedbackTable));
    }

    /// <summary>
    /// Deletes every hour partition that ended at or before <paramref name="cutoff"/> (the hour holding the cutoff stays),
    /// in transactions of up to <see cref="MaxBatch"/> rows of one partition. An absent table has nothing to delete.
    /// </summary>
    public async Task<TimelinePruning> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey lt {FeedbackTimeline.Partition(cutoff)}");
        int partitions = 0;
        int transactions = 0;
        long rows = 0;
        string? lastPartition = null;
        var batch = new List<TableTransactionAction>(MaxBatch);
        try
        {
            // Rows come in key order, so a partition's rows are consecutive; deleting rows already read does not
            // disturb the continuation, which points past them.
            await foreach (Page<TableEntity> page in _timeline.QueryAsync<TableEntity>(filter, PageSize, ["PartitionKey", "RowKey"], cancellationToken).AsPages().ConfigureAwait(false))
            {
                foreach (TableEntity row in page.Values)
                {
                    if (row.PartitionKey != lastPartition || batch.Count == MaxBatch)
                    {
                        transactions += batch.Count > 0 ? 1 : 0;
                        rows += await DeleteAsync(batch, cancellationToken).ConfigureAwait(false);
                        partitions += row.PartitionKey != lastPartition ? 1 : 0;
                        lastPartition = row.PartitionKey;
                    }

                    batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
                }
            }

            transactions += batch.Count > 0 ? 1 : 0;
            rows += await DeleteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == "TableNotFound")
        {
            // No timeline yet: nothing has been logged.
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Deleting old hours of table '{_timeline.Name}'", _timeline.Uri);
        }

        return new TimelinePruning(partitions, rows, transactions);
    }

    private async Task<int> DeleteAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        int count = batch.Count;
        if (count == 0)
        {
            return 0;
        }

        try
        {
            await _timeline.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // Another pruner (a second instance, an overlapping run) deleted a row first, which fails the whole
            // transaction: delete the rest one by one, where a missing row is already what we want.
            foreach (TableTransactionAction action in batch)
            {
                using Response response = await _timeline.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            }
        }

        batch.Clear();
        return count;
    }
}

/// <summary>What one pruning deleted: hour partitions and rows, and the table transactions it took.</summary>
public readonly record struct TimelinePruning(int Partitions, long Rows, int Transactions);
