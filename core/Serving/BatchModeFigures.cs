namespace Recommender.Core.Serving;

/// <summary>
/// One mode of the batching benchmark: users per second over all threads, per-request latency (median, p99) in
/// milliseconds, users whose batched top-K differed from their single-user top-K (expected 0), and for the coalescer the
/// share of requests that were scored in a pass with others and the mean size of those passes.
/// </summary>
public sealed record BatchModeFigures(string Path, string Mode, int Concurrency, int Batch, double UsersPerSecond, double MedianMs, double P99Ms, int MismatchedUsers)
{
    public double? CoalescedShare { get; init; }

    /// <summary>For the coalescer: mean users per pass among passes of more than one.</summary>
    public double? MeanBatch { get; init; }
}
