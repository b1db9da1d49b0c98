using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Recommender.Core.Serving;

/// <summary>
/// The serving benchmark outcome: the path requests take by default, the exact and the fast path timed on the same
/// users, and how many users got a different top-K from the two paths (expected 0).
/// </summary>
public sealed record ServingBenchmarkResult(
    int Users,
    int Items,
    int Factors,
    int K,
    int Requests,
    int Seed,
    long QuantizedBytes,
    long FloatBytes,
    ServingPathFigures Default,
    ServingPathFigures Exact,
    ServingPathFigures Fast,
    int MismatchedUsers)
{
    /// <summary>Exact median over fast median: how many times faster the fast path is.</summary>
    public double SpeedUp => Fast.MedianMs > 0 ? Exact.MedianMs / Fast.MedianMs : 0;

    /// <summary>The result as one JSON object (the bench-serving command's stdout).</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("users", Users);
            json.WriteNumber("items", Items);
            json.WriteNumber("factors", Factors);
            json.WriteNumber("k", K);
            json.WriteNumber("requests", Requests);
            json.WriteNumber("seed", Seed);
            json.WriteNumber("processorCount", Environment.ProcessorCount);
            json.WriteNumber("floatBytes", FloatBytes);
            json.WriteNumber("quantizedBytes", QuantizedBytes);
            json.WriteString("defaultPath", Default.Path);
            json.WriteNumber("medianMs", Math.Round(Default.MedianMs, 4));
            json.WriteNumber("p99Ms", Math.Round(Default.P99Ms, 4));
            json.WriteNumber("meanMs", Math.Round(Default.MeanMs, 4));
            json.WriteNumber("allocatedBytesPerRequest", Math.Round(Default.AllocatedBytesPerRequest, 2));
            Write(json, "exact", Exact);
            Write(json, "fast", Fast);
            json.WriteNumber("exactOverFastMedian", Math.Round(SpeedUp, 3));
            json.WriteNumber("mismatchedUsers", MismatchedUsers);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, string name, ServingPathFigures figures)
    {
        json.WriteStartObject(name);
        json.WriteString("path", figures.Path);
        json.WriteNumber("medianMs", Math.Round(figures.MedianMs, 4));
        json.WriteNumber("p99Ms", Math.Round(figures.P99Ms, 4));
        json.WriteNumber("meanMs", Math.Round(figures.MeanMs, 4));
        json.WriteNumber("allocatedBytesPerRequest", Math.Round(figures.AllocatedBytesPerRequest, 2));
        json.WriteEndObject();
    }
}
