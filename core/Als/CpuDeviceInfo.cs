using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Core.Als;

/// <summary>Describes the processor the CPU fitter runs on, read from /proc/cpuinfo where it exists.</summary>
public static class CpuDeviceInfo
{
    private static readonly Lazy<ComputeDeviceInfo> _current = new(Detect);

    /// <summary>The processor of this machine, with the logical processor count as compute units.</summary>
    public static ComputeDeviceInfo Current => _current.Value;

    /// <summary>
    /// The instruction sets the runtime reports, after any <c>DOTNET_Enable*</c> switches: what the kernel choices
    /// (the ALS kernel set, the serving scan) see, which may be less than /proc/cpuinfo lists.
    /// </summary>
    public static IReadOnlyList<string> InstructionSets()
    {
        var features = new List<string>();
        Add(features, "avx2", Avx2.IsSupported);
        Add(features, "fma", Fma.IsSupported);
        Add(features, "avx-vnni", AvxVnni.IsSupported);
        Add(features, "avx512f", Avx512F.IsSupported);
        Add(features, "avx512bw", Avx512BW.IsSupported);
        Add(features, "avx10.1", Avx10v1.IsSupported);
        Add(features, "vector256", Vector256.IsHardwareAccelerated);
        Add(features, "vector512", Vector512.IsHardwareAccelerated);
        return features;
    }

    /// <summary>Writes <paramref name="features"/> as the array <c>cpuFeatures</c>, the field every benchmark prints them in.</summary>
    public static void WriteInstructionSets(System.Text.Json.Utf8JsonWriter json, IReadOnlyList<string> features)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(features);
        json.WriteStartArray("cpuFeatures");
        foreach (string feature in features)
        {
            json.WriteStringValue(feature);
        }

        json.WriteEndArray();
    }

    private static void Add(List<string> features, string name, bool supported)
    {
        if (supported)
        {
            features.Add(name);
        }
    }

    private static ComputeDeviceInfo Detect()
    {
        string name = RuntimeInformation.ProcessArchitecture.ToString();
        string vendor = "unknown";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    int colon = line.IndexOf(':');
                    if (colon < 0)
                    {
                        continue;
                    }

                    string key = line[..colon].Trim();
                    string value = line[(colon + 1)..].Trim();
                    if (key == "model name" && value.Length > 0 && name == RuntimeInformation.ProcessArchitecture.ToString())
                    {
                        name = value;
                    }
                    else if (key == "vendor_id" && value.Length > 0 && vendor == "unknown")
                    {
                        vendor = value;
                    }
                }
            }
        }
        catch (IOException)
        {
            // The description is informational; an unreadable cpuinfo leaves the architecture name.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }

        return new ComputeDeviceInfo("cpu", name, vendor, Environment.ProcessorCount);
    }
}
