using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Recommender.Core.AzureStorage;

namespace Recommender.Core.Feedback;

/// <summary>
/// Table <c>feedback</c>: one row per event, partition = user, row key = event id, so a redelivered
/// message finds its row already there and the log stays free of duplicates.
/// </summary>
public sealed class FeedbackLog
{
    private readonly TableClient _table;
    private int _tableReady;

    /// <summary>The log in <paramref name="table"/> of the table service.</summary>
    public FeedbackLog(TableServiceClient tables, string table = StorageLayout.FeedbackTable)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(table);
    }

    /// <summary>Writes the event once; returns false when it was already logged (a redelivery).</summary>
    public async Task<bool> WriteAsync(FeedbackEvent feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var entity = new TableEntity(TableKeys.Encode(feedback.UserId), TableKeys.Encode(feedback.EventId))
        {
            ["UserId"] = feedback.UserId,
            ["ItemId"] = feedback.ItemId,
            ["Event"] = feedback.ToJsonName(),
            ["EventTime"] = feedback.Timestamp,
        };
        if (feedback.Value is double value)
        {
            entity["Value"] = value;
        }

        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false; // EntityAlreadyExists: this event was logged by an earlier delivery.
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Logging feedback event {feedback.EventId} in table '{_table.Name}'", _table.Uri);
        }
    }

    /// <summary>Every logged event of one user.</summary>
    public IAsyncEnumerable<FeedbackEvent> ReadUserAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(userId)}"), cancellationToken);

    /// <summary>Events the table stored at or after <paramref name="since"/> (its own Timestamp), for incremental reads.</summary>
    public IAsyncEnumerable<FeedbackEvent> ReadSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        ReadAsync(TableClient.CreateQueryFilter($"Timestamp ge {since}"), cancellationToken);

    /// <summary>Every logged event; an absent table reads as empty.</summary>
    public IAsyncEnumerable<FeedbackEvent> ReadAllAsync(CancellationToken cancellationToken = default) => ReadAsync(null, cancellationToken);

    private async IAsyncEnumerable<FeedbackEvent> ReadAsync(string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        IAsyncEnumerator<TableEntity> rows = _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await rows.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
                {
                    throw StorageErrors.Describe(ex, $"Reading table '{_table.Name}'", _table.Uri);
                }

                if (TryParse(rows.Current, out FeedbackEvent? feedback))
                {
                    yield return feedback;
                }
            }
        }
        finally
        {
            await rows.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _tableReady) != 0)
        {
            return;
        }

        try
        {
            await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Create table '{_table.Name}'", _table.Uri);
        }

        Volatile.Write(ref _tableReady, 1);
    }

    private static bool TryParse(TableEntity entity, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FeedbackEvent? feedback)
    {
        feedback = null;
        string? userId = entity.GetString("UserId");
        string? itemId = entity.GetString("ItemId");
        DateTimeOffset? time = entity.GetDateTimeOffset("EventTime");
        if (userId is null || itemId is null || time is null || !FeedbackEventNames.TryParse(entity.GetString("Event"), out FeedbackKind kind))
        {
            // Rows are only written by WriteAsync; anything else in the table is not ours to interpret.
            return false;
        }

        feedback = new FeedbackEvent { EventId = entity.RowKey, UserId = userId, ItemId = itemId, Event = kind, Value = entity.GetDouble("Value"), Timestamp = time.Value, LoggedAt = entity.Timestamp };
        return true;
    }
}
