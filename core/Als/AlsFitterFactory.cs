using Recommender.Core.Als.Gpu;

namespace Recommender.Core.Als;

/// <summary>Chooses the ALS fitter for a <c>--device</c> value: auto, cpu, cuda[:N], opencl[:N] or ilgpu-cpu.</summary>
public static class AlsFitterFactory
{
    /// <summary>
    /// Returns the fitter for <paramref name="device"/>; throws a one-line <see cref="NotSupportedException"/> for an unknown
    /// or absent device. A GPU fitter writes its per-stage kernel times to <paramref name="kernelProfile"/> when given.
    /// </summary>
    public static IAlsFitter Create(string device, TextWriter? kernelProfile = null)
    {
        if (!DeviceSpec.TryParse(device, out DeviceSpec spec, out string? error))
        {
            throw new NotSupportedException(error);
        }

        return spec.Kind switch
        {
            DeviceKind.Cpu => new CpuAlsFitter(),

            // auto: CUDA, then a capable OpenCL GPU, then the CPU solver; never fails for a missing driver.
            DeviceKind.Auto => GpuDevices.ProbeAuto() is { } gpu ? new GpuAlsFitter(gpu, kernelProfile) : new CpuAlsFitter(),
            _ => new GpuAlsFitter(GpuDevices.Select(spec), kernelProfile),
        };
    }
}
