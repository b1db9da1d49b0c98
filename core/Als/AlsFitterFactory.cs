using Recommender.Core.Als.OpenCl;

namespace Recommender.Core.Als;

/// <summary>Chooses the ALS fitter for a <c>--device</c> value (cpu, auto, opencl, opencl:N, gpu).</summary>
public static class AlsFitterFactory
{
    /// <summary>
    /// Accelerator backends that "auto" tries in order before falling back to the CPU; each probe returns a
    /// fitter when its device is usable, otherwise null. "auto" takes an OpenCL GPU only, never a CPU OpenCL device.
    /// </summary>
    private static readonly Func<IAlsFitter?>[] _acceleratorProbes = [OpenClFitterProvider.ProbeGpu];

    /// <summary>Returns the fitter for <paramref name="device"/>; throws <see cref="NotSupportedException"/> for a device this build cannot use.</summary>
    public static IAlsFitter Create(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        string spec = device.Trim().ToLowerInvariant();
        if (OpenClFitterProvider.Handles(spec))
        {
            return OpenClFitterProvider.TryCreate(spec, out IAlsFitter? openCl, out string? error) ? openCl! : throw new NotSupportedException(error);
        }

        switch (spec)
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
            case "cuda":
                throw new NotSupportedException($"Device '{device}' is not supported: GPUs are used through OpenCL; use --device opencl, gpu, cpu or auto.");
            default:
                throw new NotSupportedException($"Unknown device '{device}': use --device cpu, auto, opencl, opencl:N or gpu.");
        }
    }
}
