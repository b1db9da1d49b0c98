using Azure;
using Recommender.Core.Storage;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>
/// "A run already in progress is not started twice", across instances: a lease held in one row
/// (partition "lock", row "current") of the trainingruns table. Acquiring inserts the row when absent, or takes it
/// over with If-Match on its ETag when it is free or its lease expired; two instances racing for it cannot both win,
/// because only one conditional write succeeds. The lease expires (<see cref="TrainingOptions.LeaseDuration"/>),
/// so a crashed run never blocks retraining forever.
/// </summary>
public sealed class TrainingRunLock(ITableStorage tables, StorageLayoutOptions layout, TimeProvider time)
{
    private const string LockPartition = "lock";
    private const string LockRow = "current";
    private const int MaxAttempts = 4;

    /// <summary>Takes the lease for <paramref name="runId"/>, or says which run holds it.</summary>
    public async Task<LockAttempt> TryAcquireAsync(string runId, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            DateTimeOffset now = time.GetUtcNow();
            TableEntity mine = Lease(runId, now + lease);
            TableEntity? current = await tables.GetAsync(layout.TrainingRunsTable, LockPartition, LockRow, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                TableWriteResult inserted = await tables.InsertAsync(layout.TrainingRunsTable, mine, cancellationToken).ConfigureAwait(false);
                if (inserted.Succeeded)
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

            TableWriteResult taken = await tables.UpdateAsync(layout.TrainingRunsTable, mine, current.ETag ?? ETag.All, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            if (taken.Succeeded)
            {
                return new LockAttempt(true, runId, now + lease);
            }
        }

        TableEntity? last = await tables.GetAsync(layout.TrainingRunsTable, LockPartition, LockRow, cancellationToken).ConfigureAwait(false);
        return new LockAttempt(false, last?.GetString("RunId"), last?.GetDateTimeOffset("ExpiresAt"));
    }

    /// <summary>Frees the lease if <paramref name="runId"/> still holds it (an expired lease taken over by another run is left alone).</summary>
    public async Task ReleaseAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        TableEntity? current = await tables.GetAsync(layout.TrainingRunsTable, LockPartition, LockRow, cancellationToken).ConfigureAwait(false);
        if (current is null || current.GetString("RunId") != runId)
        {
            return;
        }

        var free = new TableEntity(LockPartition, LockRow) { ["RunId"] = string.Empty, ["ExpiresAt"] = time.GetUtcNow(), ["ReleasedBy"] = runId };
        await tables.UpdateAsync(layout.TrainingRunsTable, free, current.ETag ?? ETag.All, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private static TableEntity Lease(string runId, DateTimeOffset expiresAt) =>
        new(LockPartition, LockRow) { ["RunId"] = runId, ["ExpiresAt"] = expiresAt };
}
