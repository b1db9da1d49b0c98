namespace Recommender.Core.Als.Internals;

/// <summary>
/// Runs a body over numbered chunks with a fixed number of workers; each worker claims the next unclaimed chunk.
/// Chunks write disjoint outputs, so which worker takes which chunk never changes a result.
/// </summary>
internal static class ParallelChunks
{
    /// <summary>Calls body(worker, chunk) once per chunk; stops claiming chunks once cancellation is requested.</summary>
    public static void Run(int chunkCount, int workers, Action<int, int> body, CancellationToken cancellationToken)
    {
        workers = Math.Clamp(workers, 1, Math.Max(1, chunkCount));
        if (workers == 1)
        {
            for (int chunk = 0; chunk < chunkCount; chunk++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(0, chunk);
            }

            return;
        }

        int next = -1;
        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = workers };
        Parallel.For(0, workers, parallelOptions, worker =>
        {
            int chunk;
            while (!cancellationToken.IsCancellationRequested && (chunk = Interlocked.Increment(ref next)) < chunkCount)
            {
                body(worker, chunk);
            }
        });
        cancellationToken.ThrowIfCancellationRequested();
    }
}
