namespace Recommender.Core.Als.OpenCl;

/// <summary>One (platform, device) pair as OpenCL reports it; <see cref="Index"/> is its position in <see cref="OpenClDevices.Enumerate"/>.</summary>
public sealed record OpenClDeviceInfo
{
    /// <summary>Position across all platforms, the N of <c>--device opencl:N</c>.</summary>
    public required int Index { get; init; }

    public required string Platform { get; init; }

    public required string Name { get; init; }

    public required string Vendor { get; init; }

    /// <summary>cpu, gpu, accelerator or other (CL_DEVICE_TYPE).</summary>
    public required string Type { get; init; }

    public required int ComputeUnits { get; init; }

    public required long GlobalMemoryBytes { get; init; }

    /// <summary>CL_DEVICE_MAX_MEM_ALLOC_SIZE: the largest single buffer.</summary>
    public required long MaxAllocationBytes { get; init; }

    public required long LocalMemoryBytes { get; init; }

    public required long MaxWorkGroupSize { get; init; }

    /// <summary>CL_DEVICE_VERSION, such as "OpenCL 3.0 CUDA".</summary>
    public required string Version { get; init; }

    public bool IsGpu => Type == "gpu";

    internal nint PlatformId { get; init; }

    internal nint DeviceId { get; init; }

    /// <summary>The device as the manifest and progress output describe it.</summary>
    public ComputeDeviceInfo ToComputeDeviceInfo() => new("opencl", Name, Vendor, ComputeUnits);

    public override string ToString() => $"{Index}: {Name} ({Vendor}, {Type}, {Platform}, {ComputeUnits} compute units)";
}
