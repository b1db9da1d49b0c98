using Azure;
using Azure.Data.Tables;
using Recommender.Core.AzureStorage;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>
/// "A run already in progress is not started twice", across instances: a lease held in one row
/// (partition "lock", row "current") of the trainingruns table. Acquiring inserts the row when absent, or takes it
/// over with If-Match on its ETag when it is free or its lease expired; two instances racing for it cannot both win,
/// because only one conditional write succeeds. The lease expires (<see cref="TrainingOptions.LeaseDuration"/>),
/// so a crashed run never blocks retraining forever.
/// </summary>
public sealed class TrainingRunLock(TableServiceClient tables, StorageLayoutOptions layout, TimeProvider time)
{
    private const string LockPartition = "lock";
    private const string LockRow = "current";
    private const int MaxAttempts = 4;
    private readonly TableClient _table = tables.GetTableClient(layout.TrainingRunsTable);

    /// <summary>Takes the lease for <paramref name="runId"/>, or says which run holds it.</summary>
    public async Task<LockAttempt> TryAcquireAsync(string runId, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        try
        {
            for (int attempt = 0; attempt < MaxAttempts; attempt++)
            {
                DateTimeOffset now = time.GetUtcNow();
                TableEntity mine = Lease(runId, now + lease);
                TableEntity? current = await ReadAsync(cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    if (await TryWriteAsync(() => _table.AddEntityAsync(mine, cancellationToken)).ConfigureAwait(false))
                    {
                        return new LockAttempt(true, runId, now + lease);
                    }

                    continue; // Someone inserted it first: read who holds it.
                }

                string? holder = current.GetString("RunId");
                DateTimeOffset? expiresAt = current.GetDateTimeOffset("ExpiresAt");
                if (!string.IsNullOrEmpty(holder) && expiresAt > now)
                {
                    return new LockAttempt(false, holder, expiresAt);
                }

                if (await TryWriteAsync(() => _table.UpdateEntityAsync(mine, current.ETag, TableUpdateMode.Replace, cancellationToken)).ConfigureAwait(false))
                {
                    return new LockAttempt(true, runId, now + lease);
                }
            }

            TableEntity? last = await ReadAsync(cancellationToken).ConfigureAwait(false);
            return new LockAttempt(false, last?.GetString("RunId"), last?.GetDateTimeOffset("ExpiresAt"));
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Taking the training lock in table '{_table.Name}'", _table.Uri);
        }
    }

    /// <summary>Frees the lease if <paramref name="runId"/> still holds it (an expired lease taken over by another run is left alone).</summary>
    public async Task ReleaseAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        try
        {
            TableEntity? current = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (current is null || current.GetString("RunId") != runId)
            {
                return;
            }

            var free = new TableEntity(LockPartition, LockRow) { ["RunId"] = string.Empty, ["ExpiresAt"] = time.GetUtcNow(), ["ReleasedBy"] = runId };
            await TryWriteAsync(() => _table.UpdateEntityAsync(free, current.ETag, TableUpdateMode.Replace, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Releasing the training lock in table '{_table.Name}'", _table.Uri);
        }
    }

    private async Task<TableEntity?> ReadAsync(CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> row = await _table.GetEntityIfExistsAsync<TableEntity>(LockPartition, LockRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    // A conditional write another instance won first: 409 (the row appeared) or 412 (its ETag moved).
    private static async Task<bool> TryWriteAsync(Func<Task<Response>> write)
    {
        try
        {
            await write().ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static TableEntity Lease(string runId, DateTimeOffset expiresAt) =>
        new(LockPartition, LockRow) { ["RunId"] = runId, ["ExpiresAt"] = expiresAt };
}
