using System.Globalization;
using Azure.Data.Tables;
using Recommender.Core.AzureStorage;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>
/// The trainingruns table: one row per run in partition "run", row key = inverted start ticks + run id, so the
/// table's natural key order is newest first and "latest N" reads only N rows.
/// </summary>
public sealed class TrainingRunLog(TableServiceClient tables, StorageLayoutOptions layout)
{
    private readonly TableClient _table = tables.GetTableClient(layout.TrainingRunsTable);
    private const string RunPartition = "run";
    private const int MaxMessageLength = 2000;
    private int _tableReady;

    /// <summary>The table name.</summary>
    public string Table => layout.TrainingRunsTable;

    /// <summary>Creates the table once per process.</summary>
    public async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _tableReady) == 0)
        {
            await Storage("Create table", () => _table.CreateIfNotExistsAsync(cancellationToken)).ConfigureAwait(false);
            Volatile.Write(ref _tableReady, 1);
        }
    }

    /// <summary>Writes the run's row (insert or replace).</summary>
    public async Task WriteAsync(TrainingRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await Storage($"Write run {run.Id}", () => _table.UpsertEntityAsync(ToEntity(run), TableUpdateMode.Replace, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The latest <paramref name="top"/> runs, newest first.</summary>
    public async Task<IReadOnlyList<TrainingRun>> ListAsync(int top, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var runs = new List<TrainingRun>(top);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition}");
        await Storage("List runs", async () =>
        {
            await foreach (TableEntity entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(top, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                runs.Add(FromEntity(entity));
                if (runs.Count == top)
                {
                    break;
                }
            }
        }).ConfigureAwait(false);
        return runs;
    }

    /// <summary>The run with this id, or null.</summary>
    public async Task<TrainingRun?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition} and RunId eq {runId}");
        TrainingRun? found = null;
        await Storage($"Read run {runId}", async () =>
        {
            await foreach (TableEntity entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                found = FromEntity(entity);
                break;
            }
        }).ConfigureAwait(false);
        return found;
    }

    /// <summary>The row key: newest first in key order.</summary>
    internal static string RowKeyOf(TrainingRun run) =>
        (DateTimeOffset.MaxValue.UtcTicks - run.StartedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + run.Id;

    private async Task Storage(string operation, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"{operation} in table '{_table.Name}'", _table.Uri);
        }
    }

    private static TableEntity ToEntity(TrainingRun run)
    {
        var entity = new TableEntity(RunPartition, RowKeyOf(run))
        {
            ["RunId"] = run.Id,
            ["Trigger"] = run.Trigger,
            ["Status"] = run.Status,
            ["StartedAt"] = run.StartedAt,
            ["EndedAt"] = run.EndedAt,
            ["Launcher"] = run.Launcher,
            ["ExecutionName"] = run.ExecutionName,
            ["Version"] = run.Version,
            ["Promoted"] = run.Promoted,
            ["Message"] = run.Message is { Length: > MaxMessageLength } m ? m[..MaxMessageLength] : run.Message,
        };

        // An absent value is an absent property, as it reads back.
        foreach (string name in entity.Keys.Where(name => entity[name] is null).ToList())
        {
            entity.Remove(name);
        }

        return entity;
    }

    private static TrainingRun FromEntity(TableEntity entity) => new()
    {
        Id = entity.GetString("RunId") ?? entity.RowKey,
        Trigger = entity.GetString("Trigger") ?? "unknown",
        Status = entity.GetString("Status") ?? "unknown",
        StartedAt = entity.GetDateTimeOffset("StartedAt") ?? DateTimeOffset.MinValue,
        EndedAt = entity.GetDateTimeOffset("EndedAt"),
        Launcher = entity.GetString("Launcher"),
        ExecutionName = entity.GetString("ExecutionName"),
        Version = entity.GetString("Version"),
        Promoted = entity.GetBoolean("Promoted"),
        Message = entity.GetString("Message"),
    };
}
