namespace Recommender.Core.Serving;

/// <summary>
/// One mode of the batching benchmark: users per second over all threads, per-request latency (median, p99) in
/// milliseconds, and users whose batched top-K differed from their single-user top-K (expected 0).
/// </summary>
public sealed record BatchModeFigures(string Path, string Mode, int Concurrency, int Batch, double UsersPerSecond, double MedianMs, double P99Ms, int MismatchedUsers);
