namespace Recommender.Core.Serving;

/// <summary>Latency of one scoring path in milliseconds per request, and bytes it allocated per request.</summary>
public sealed record ServingPathFigures(string Path, double MedianMs, double P99Ms, double MeanMs, double AllocatedBytesPerRequest);
