using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Recommender.Core.Als;

/// <summary>
/// The benchmark outcome: inputs, matrix size, device and timings. <paramref name="CpuKernels"/> names the CPU fitter's
/// kernel set (null on other devices) and <paramref name="CpuFeatures"/> the instruction sets the runtime reported.
/// </summary>
public sealed record AlsBenchmarkResult(
    AlsBenchmarkSettings Settings,
    int NonZeros,
    int MaxUserDegree,
    int MaxItemDegree,
    ComputeDeviceInfo Device,
    double GenerateSeconds,
    double SecondsPerIteration,
    IReadOnlyList<double> IterationSeconds,
    string? CpuKernels,
    IReadOnlyList<string> CpuFeatures)
{
    /// <summary>The result as one JSON object (the bench command's stdout).</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            AlsOptions o = Settings.Options;
            json.WriteStartObject();
            json.WriteNumber("users", Settings.Users);
            json.WriteNumber("items", Settings.Items);
            json.WriteNumber("interactions", Settings.Interactions);
            json.WriteNumber("nnz", NonZeros);
            json.WriteNumber("maxUserDegree", MaxUserDegree);
            json.WriteNumber("maxItemDegree", MaxItemDegree);
            json.WriteNumber("factors", o.Factors);
            json.WriteNumber("iterations", o.Iterations);
            json.WriteNumber("threads", o.Threads == 0 ? Environment.ProcessorCount : o.Threads);
            json.WriteString("solver", o.Solver == AlsSolverKind.Cholesky ? "cholesky" : "cg");
            json.WriteNumber("cgSteps", o.CgSteps);
            json.WriteNumber("regularization", o.Regularization);
            json.WriteNumber("alpha", o.Alpha);
            json.WriteNumber("seed", Settings.Seed);
            json.WriteStartObject("device");
            json.WriteString("kind", Device.Kind);
            json.WriteString("name", Device.Name);
            json.WriteString("vendor", Device.Vendor);
            json.WriteNumber("computeUnits", Device.ComputeUnits);
            json.WriteEndObject();
            if (CpuKernels is not null)
            {
                json.WriteString("cpuKernels", CpuKernels);
            }

            CpuDeviceInfo.WriteInstructionSets(json, CpuFeatures);
            json.WriteNumber("generateSeconds", Math.Round(GenerateSeconds, 4));
            json.WriteNumber("secondsPerIteration", Math.Round(SecondsPerIteration, 4));
            json.WriteStartArray("iterationSeconds");
            foreach (double s in IterationSeconds)
            {
                json.WriteNumberValue(Math.Round(s, 4));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
