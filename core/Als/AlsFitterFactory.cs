namespace Recommender.Core.Als;

/// <summary>Chooses the ALS fitter for a <c>--device</c> value (cpu, auto, gpu/opencl).</summary>
public static class AlsFitterFactory
{
    /// <summary>
    /// Accelerator backends that "auto" tries in order before falling back to the CPU; each probe returns a
    /// fitter when its device is usable, otherwise null. Empty in this build: a GPU backend adds its probe here.
    /// </summary>
    private static readonly Func<IAlsFitter?>[] _acceleratorProbes = [];

    /// <summary>Returns the fitter for <paramref name="device"/>; throws <see cref="NotSupportedException"/> for a device this build cannot use.</summary>
    public static IAlsFitter Create(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        switch (device.Trim().ToLowerInvariant())
        {
            case "cpu":
                return new CpuAlsFitter();
            case "auto":
                foreach (Func<IAlsFitter?> probe in _acceleratorProbes)
                {
                    if (probe() is { } fitter)
                    {
                        return fitter;
                    }
                }

                return new CpuAlsFitter();
            case "gpu" or "opencl" or "cuda":
                throw new NotSupportedException($"Device '{device}' is not supported: no GPU backend is available in this build; use --device cpu or auto.");
            default:
                throw new NotSupportedException($"Unknown device '{device}': no such backend is available in this build; use --device cpu or auto.");
        }
    }
}
