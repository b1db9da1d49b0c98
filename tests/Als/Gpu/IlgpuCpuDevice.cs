using Recommender.Core.Als.Gpu;

namespace Recommender.Tests.Als.Gpu;

/// <summary>ILGPU's CPU accelerator, the device the GPU kernels are tested on (no GPU needed).</summary>
internal static class IlgpuCpuDevice
{
    private static readonly Lazy<GpuDeviceInfo> _device = new(() => GpuDevices.Select(new DeviceSpec(DeviceKind.IlgpuCpu, 0)));

    public static GpuDeviceInfo Info => _device.Value;

    public static GpuAlsFitter Fitter() => new(Info);
}
