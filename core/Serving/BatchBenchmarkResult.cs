using System.Buffers;
using System.Text;
using System.Text.Json;
using Recommender.Core.Als;

namespace Recommender.Core.Serving;

/// <summary>
/// The batching benchmark outcome: the CPU, the settings, each path's single and batched kernel figures, and direct
/// against coalesced calls on the default path. Each batched or coalesced entry carries its ratios to the entry before it.
/// </summary>
public sealed record BatchBenchmarkResult(
    int Users,
    int Items,
    int Factors,
    int K,
    int Requests,
    int Seed,
    int Concurrency,
    int Batch,
    TimeSpan Window,
    int Scorers,
    string Cpu,
    IReadOnlyList<string> CpuFeatures,
    IReadOnlyList<BatchModeFigures> Modes)
{
    /// <summary>The result as one JSON object (bench-serving's stdout with --batch).</summary>
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
            json.WriteNumber("concurrency", Concurrency);
            json.WriteNumber("batch", Batch);
            json.WriteNumber("windowMicroseconds", Math.Round(Window.TotalMicroseconds));
            json.WriteNumber("scorers", Scorers);
            json.WriteNumber("processorCount", Environment.ProcessorCount);
            json.WriteString("cpu", Cpu);
            CpuDeviceInfo.WriteInstructionSets(json, CpuFeatures);
            json.WriteStartArray("modes");
            BatchModeFigures? single = null;
            foreach (BatchModeFigures mode in Modes)
            {
                json.WriteStartObject();
                json.WriteString("path", mode.Path);
                json.WriteString("mode", mode.Mode);
                json.WriteNumber("batch", mode.Batch);
                json.WriteNumber("usersPerSecond", Math.Round(mode.UsersPerSecond, 1));
                json.WriteNumber("medianMs", Math.Round(mode.MedianMs, 4));
                json.WriteNumber("p99Ms", Math.Round(mode.P99Ms, 4));
                if (mode.CoalescedShare is double share)
                {
                    json.WriteNumber("coalescedShare", Math.Round(share, 3));
                    json.WriteNumber("meanBatch", Math.Round(mode.MeanBatch ?? 1, 2));
                }

                if (mode.Mode is "single" or "direct")
                {
                    single = mode;
                }
                else if (single is not null && single.Path == mode.Path && (single.Batch == mode.Batch || single.Mode == "direct"))
                {
                    // How many times the single-user throughput, and the latency cost of waiting for the whole batch.
                    json.WriteNumber("throughputOverSingle", Math.Round(mode.UsersPerSecond / single.UsersPerSecond, 3));
                    json.WriteNumber("medianOverSingle", Math.Round(mode.MedianMs / single.MedianMs, 3));
                    json.WriteNumber("p99OverSingle", Math.Round(mode.P99Ms / single.P99Ms, 3));
                }

                json.WriteNumber("mismatchedUsers", mode.MismatchedUsers);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
