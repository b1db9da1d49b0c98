using System.Buffers;
using System.Text;
using System.Text.Json;
using Recommender.Core.Als;

namespace Recommender.Core.Serving;

/// <summary>
/// The serving benchmark outcome: the CPU and the features the path choice saw, the path requests take by default, the
/// exact scan, every quantised path this CPU runs (timed on the same users) and a plain read of the float item matrix.
/// </summary>
public sealed record ServingBenchmarkResult(
    int Users,
    int Items,
    int Factors,
    int K,
    int Requests,
    int Seed,
    string Cpu,
    IReadOnlyList<string> CpuFeatures,
    long QuantizedBytes,
    long FloatBytes,
    ServingPathFigures Default,
    ServingPathFigures Exact,
    IReadOnlyList<ServingPathFigures> Quantized,
    ServingPathFigures StreamRead)
{
    /// <summary>Exact median over default median: how many times faster the default path is.</summary>
    public double SpeedUp => Default.MedianMs > 0 ? Exact.MedianMs / Default.MedianMs : 0;

    /// <summary>Users whose top-K differed from the exact path's on any quantised path (expected 0).</summary>
    public int MismatchedUsers
    {
        get
        {
            int total = 0;
            foreach (ServingPathFigures path in Quantized)
            {
                total += path.MismatchedUsers;
            }

            return total;
        }
    }

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
            json.WriteString("cpu", Cpu);
            CpuDeviceInfo.WriteInstructionSets(json, CpuFeatures);
            json.WriteNumber("floatBytes", FloatBytes);
            json.WriteNumber("quantizedBytes", QuantizedBytes);
            json.WriteString("defaultPath", Default.Path);
            json.WriteNumber("medianMs", Math.Round(Default.MedianMs, 4));
            json.WriteNumber("p99Ms", Math.Round(Default.P99Ms, 4));
            json.WriteNumber("meanMs", Math.Round(Default.MeanMs, 4));
            json.WriteNumber("allocatedBytesPerRequest", Math.Round(Default.AllocatedBytesPerRequest, 2));
            Write(json, "exact", Exact);
            json.WriteStartArray("quantized");
            foreach (ServingPathFigures path in Quantized)
            {
                Write(json, null, path);
            }

            json.WriteEndArray();
            Write(json, "streamRead", StreamRead);
            json.WriteNumber("streamReadGBps", Math.Round(GigabytesPerSecond(StreamRead), 2));
            json.WriteNumber("exactScanGBps", Math.Round(GigabytesPerSecond(Exact), 2));
            json.WriteNumber("exactOverStreamReadMedian", Math.Round(StreamRead.MedianMs > 0 ? Exact.MedianMs / StreamRead.MedianMs : 0, 3));
            json.WriteNumber("exactOverDefaultMedian", Math.Round(SpeedUp, 3));
            json.WriteNumber("mismatchedUsers", MismatchedUsers);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private double GigabytesPerSecond(ServingPathFigures figures) => figures.MedianMs > 0 ? FloatBytes / (figures.MedianMs * 1e6) : 0;

    private static void Write(Utf8JsonWriter json, string? name, ServingPathFigures figures)
    {
        if (name is null)
        {
            json.WriteStartObject();
        }
        else
        {
            json.WriteStartObject(name);
        }

        json.WriteString("path", figures.Path);
        json.WriteNumber("medianMs", Math.Round(figures.MedianMs, 4));
        json.WriteNumber("p99Ms", Math.Round(figures.P99Ms, 4));
        json.WriteNumber("meanMs", Math.Round(figures.MeanMs, 4));
        json.WriteNumber("allocatedBytesPerRequest", Math.Round(figures.AllocatedBytesPerRequest, 2));
        json.WriteNumber("mismatchedUsers", figures.MismatchedUsers);
        json.WriteEndObject();
    }
}
