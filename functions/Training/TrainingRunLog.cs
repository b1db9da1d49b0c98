using System.Globalization;
using Recommender.Core.Storage;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>
/// The trainingruns table: one row per run in partition "run", row key = inverted start ticks + run id, so the
/// table's natural key order is newest first and "latest N" reads only N rows.
/// </summary>
public sealed class TrainingRunLog(ITableStorage tables, StorageLayoutOptions layout)
{
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
            await tables.CreateIfNotExistsAsync(Table, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _tableReady, 1);
        }
    }

    /// <summary>Writes the run's row (insert or replace).</summary>
    public async Task WriteAsync(TrainingRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await tables.UpsertAsync(Table, ToEntity(run), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The latest <paramref name="top"/> runs, newest first.</summary>
    public async Task<IReadOnlyList<TrainingRun>> ListAsync(int top, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var runs = new List<TrainingRun>(top);
        await foreach (TableEntity entity in tables.QueryAsync(Table, TableFilter.Equal("PartitionKey", RunPartition), pageSize: Math.Min(top, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            runs.Add(FromEntity(entity));
            if (runs.Count == top)
            {
                break;
            }
        }

        return runs;
    }

    /// <summary>The run with this id, or null.</summary>
    public async Task<TrainingRun?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        string filter = TableFilter.And(TableFilter.Equal("PartitionKey", RunPartition), TableFilter.Equal("RunId", runId));
        await foreach (TableEntity entity in tables.QueryAsync(Table, filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return FromEntity(entity);
        }

        return null;
    }

    /// <summary>The row key: newest first in key order.</summary>
    internal static string RowKeyOf(TrainingRun run) =>
        (DateTimeOffset.MaxValue.UtcTicks - run.StartedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + run.Id;

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
