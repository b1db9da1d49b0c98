namespace Recommender.Core.Serving;

/// <summary>
/// Latency of one scoring path in milliseconds per request, bytes it allocated per request, and how many users got a
/// different top-K from the exact path (expected 0).
/// </summary>
public sealed record ServingPathFigures(string Path, double MedianMs, double P99Ms, double MeanMs, double AllocatedBytesPerRequest, int MismatchedUsers);
