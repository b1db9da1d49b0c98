using System.Runtime.CompilerServices;
using Recommender.Core.Storage;

namespace Recommender.Core.Feedback;

/// <summary>
/// Table <c>feedback</c>: one row per event, partition = user, row key = event id, so a redelivered
/// message finds its row already there and the log stays free of duplicates.
/// </summary>
public sealed class FeedbackLog(ITableStorage tables, string table = StorageLayout.FeedbackTable)
{
    private readonly ITableStorage _tables = tables ?? throw new ArgumentNullException(nameof(tables));

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

        await _tables.CreateIfNotExistsAsync(table, cancellationToken).ConfigureAwait(false);
        TableWriteResult result = await _tables.InsertAsync(table, entity, cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            TableWriteStatus.Written => true,
            TableWriteStatus.Conflict => false,
            _ => throw new InvalidOperationException($"Logging feedback event {feedback.EventId} failed with {result.Status}."),
        };
    }

    /// <summary>Every logged event of one user.</summary>
    public IAsyncEnumerable<FeedbackEvent> ReadUserAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(TableFilter.Equal("PartitionKey", TableKeys.Encode(userId)), cancellationToken);

    /// <summary>Events the table stored at or after <paramref name="since"/> (its own Timestamp), for incremental reads.</summary>
    public IAsyncEnumerable<FeedbackEvent> ReadSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        ReadAsync(TableFilter.GreaterThanOrEqual("Timestamp", since), cancellationToken);

    /// <summary>Every logged event; an absent table reads as empty.</summary>
    public IAsyncEnumerable<FeedbackEvent> ReadAllAsync(CancellationToken cancellationToken = default) => ReadAsync(null, cancellationToken);

    private async IAsyncEnumerable<FeedbackEvent> ReadAsync(string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _tables.CreateIfNotExistsAsync(table, cancellationToken).ConfigureAwait(false);
        await foreach (TableEntity entity in _tables.QueryAsync(table, filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (TryParse(entity, out FeedbackEvent? feedback))
            {
                yield return feedback;
            }
        }
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

        feedback = new FeedbackEvent { EventId = entity.RowKey, UserId = userId, ItemId = itemId, Event = kind, Value = entity.GetDouble("Value"), Timestamp = time.Value };
        return true;
    }
}
