using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Recommender.Core.AzureStorage;

namespace Recommender.Core.Feedback;

/// <summary>
/// Table <c>feedback</c>: one row per event, partition = user, row key = event id, so a redelivered
/// message finds its row already there and the log stays free of duplicates. Each event is copied to the
/// timeline table (<see cref="FeedbackTimeline"/>), keyed by the time it was logged, so readers can ask for what is
/// new by key range. The user row names its timeline row, which keeps the copy single across redeliveries.
/// </summary>
public sealed class FeedbackLog
{
    private const string TimelinePartitionColumn = "TimelinePartition";
    private const string TimelineRowColumn = "TimelineRow";
    private const string EventIdColumn = "EventId";

    private readonly TableClient _table;
    private readonly TableClient _timeline;
    private readonly TimeProvider _time;
    private readonly TablesOnce _created;

    /// <summary>The log in <paramref name="table"/> of the table service, and its timeline (<see cref="FeedbackTimeline.TableFor"/>).</summary>
    public FeedbackLog(TableServiceClient tables, string table = StorageLayout.FeedbackTable, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(table);
        _timeline = tables.GetTableClient(FeedbackTimeline.TableFor(table));
        _created = new TablesOnce(_table, _timeline);
        _time = time ?? TimeProvider.System;
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

        if (feedback.RecommendationId is string recommendationId)
        {
            entity["RecommendationId"] = recommendationId;
        }

        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset loggedAt = _time.GetUtcNow();
        entity[TimelinePartitionColumn] = FeedbackTimeline.Partition(loggedAt);
        entity[TimelineRowColumn] = FeedbackTimeline.Row(loggedAt, feedback.EventId);
        try
        {
            // The two rows are in different partitions, so no table transaction spans them: the user row goes first,
            // and a delivery that stops between the writes is completed by the next one (see CompleteTimelineAsync).
            bool written;
            try
            {
                await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                written = true;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                written = false; // EntityAlreadyExists: this event was logged by an earlier delivery.
            }

            if (written)
            {
                await AddTimelineRowAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CompleteTimelineAsync(entity, cancellationToken).ConfigureAwait(false);
            }

            return written;
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Logging feedback event {feedback.EventId} in table '{_table.Name}'", _table.Uri);
        }
    }

    private async Task AddTimelineRowAsync(TableEntity userRow, CancellationToken cancellationToken)
    {
        // The same columns as the user row (whatever they are), under time-ordered keys, plus the event id.
        var row = new TableEntity((string)userRow[TimelinePartitionColumn], (string)userRow[TimelineRowColumn]);
        foreach (var (column, value) in userRow)
        {
            if (column is not (TimelinePartitionColumn or TimelineRowColumn) && !IsSystemColumn(column))
            {
                row[column] = value;
            }
        }

        row[EventIdColumn] = userRow.RowKey;
        try
        {
            await _timeline.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already there: an earlier delivery wrote it.
        }
    }

    /// <summary>
    /// A redelivered event: its user row exists, and names the timeline row it was given. When that row is missing (the
    /// earlier delivery stopped between the writes, or the row predates the timeline), the event is copied now, at the
    /// present time so readers past the first time still see it, and the user row is pointed at the new copy.
    /// </summary>
    private async Task CompleteTimelineAsync(TableEntity fresh, CancellationToken cancellationToken)
    {
        TableEntity existing = (await _table.GetEntityAsync<TableEntity>(fresh.PartitionKey, fresh.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        string? partition = existing.GetString(TimelinePartitionColumn);
        string? row = existing.GetString(TimelineRowColumn);
        if (partition is not null && row is not null
            && (await _timeline.GetEntityIfExistsAsync<TableEntity>(partition, row, [EventIdColumn], cancellationToken).ConfigureAwait(false)).HasValue)
        {
            return;
        }

        existing[TimelinePartitionColumn] = fresh[TimelinePartitionColumn];
        existing[TimelineRowColumn] = fresh[TimelineRowColumn];
        await _table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        await AddTimelineRowAsync(existing, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsSystemColumn(string column) => column is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";

    /// <summary>Every logged event of one user.</summary>
    public IAsyncEnumerable<FeedbackEvent> ReadUserAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(userId)}"), cancellationToken);

    /// <summary>
    /// Events logged at or after <paramref name="since"/> by the writer's clock, for incremental reads: one key-range
    /// query on the timeline (<see cref="FeedbackTimeline.SinceFilter"/>). Callers overlap their reads to allow for
    /// clock skew between writers and for writes still in flight.
    /// </summary>
    public IAsyncEnumerable<FeedbackEvent> ReadSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        ReadAsync(_timeline, FeedbackTimeline.SinceFilter(since), cancellationToken);

    /// <summary>Every logged event; an absent table reads as empty.</summary>
    public IAsyncEnumerable<FeedbackEvent> ReadAllAsync(CancellationToken cancellationToken = default) => ReadAsync(_table, null, cancellationToken);

    private IAsyncEnumerable<FeedbackEvent> ReadAsync(string? filter, CancellationToken cancellationToken) => ReadAsync(_table, filter, cancellationToken);

    private async IAsyncEnumerable<FeedbackEvent> ReadAsync(TableClient table, string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await foreach (TableEntity row in TableRows.ReadAsync(table, filter, cancellationToken).ConfigureAwait(false))
        {
            if (TryParse(row, out FeedbackEvent? feedback))
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

        // User rows are keyed by event id; timeline rows carry it as a column.
        feedback = new FeedbackEvent { EventId = entity.GetString(EventIdColumn) ?? entity.RowKey, UserId = userId, ItemId = itemId, Event = kind, Value = entity.GetDouble("Value"), Timestamp = time.Value, RecommendationId = entity.GetString("RecommendationId"), LoggedAt = entity.Timestamp };
        return true;
    }
}
