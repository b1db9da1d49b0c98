using System.Runtime.InteropServices;

namespace Recommender.Core.Als;

/// <summary>Describes the processor the CPU fitter runs on, read from /proc/cpuinfo where it exists.</summary>
public static class CpuDeviceInfo
{
    private static readonly Lazy<ComputeDeviceInfo> _current = new(Detect);

    /// <summary>The processor of this machine, with the logical processor count as compute units.</summary>
    public static ComputeDeviceInfo Current => _current.Value;

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
