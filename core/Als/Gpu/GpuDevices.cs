using System.Globalization;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Recommender.Core.Als.Gpu;

/// <summary>
/// Finds ILGPU devices for a <see cref="DeviceSpec"/> and opens them. Every failure is a one-line
/// <see cref="NotSupportedException"/> a person can act on.
/// </summary>
/// <remarks>
/// CUDA and PTX: ILGPU 1.5.3 knows the architectures up to sm_121 (sm_90 is the H100/H200) and PTX ISA up to 8.8. For a
/// device it picks the newest ISA whose minimum driver the installed driver meets, emits PTX for the device's own sm_XY
/// and lets the driver JIT it. Two cases drop a GPU from ILGPU's list without a word, so they are detected here:
/// a driver older than the architecture needs (no usable ISA), and a compute capability newer than ILGPU's table.
/// <c>RECOMMENDER_CUDA_PTX_ISA=M.N</c> forces the ISA (e.g. an older one for an old driver).
/// </remarks>
public static class GpuDevices
{
    /// <summary>Environment variable that forces the PTX ISA version (M.N) ILGPU emits for CUDA devices.</summary>
    public const string PtxIsaVariable = "RECOMMENDER_CUDA_PTX_ISA";

    /// <summary>The ILGPU device for <paramref name="spec"/> (cuda, opencl or ilgpu-cpu); throws a one-line <see cref="NotSupportedException"/> when absent.</summary>
    public static GpuDeviceInfo Select(DeviceSpec spec)
    {
        using Context context = CreateContext(spec.Kind);
        return Describe(spec, Find(context, spec));
    }

    /// <summary>For auto: the first CUDA device, else the first capable OpenCL GPU, else null. Never throws.</summary>
    public static GpuDeviceInfo? ProbeAuto()
    {
        try
        {
            using Context context = CreateContext(DeviceKind.Cuda);
            if (context.GetCudaDevices().Count > 0)
            {
                var spec = new DeviceSpec(DeviceKind.Cuda, 0);
                return Describe(spec, Find(context, spec));
            }
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            // No usable CUDA device: try OpenCL next.
        }

        try
        {
            using Context context = CreateContext(DeviceKind.OpenCl);
            IReadOnlyList<CLDevice> devices = [.. context.GetCLDevices()];
            for (int i = 0; i < devices.Count; i++)
            {
                if (devices[i].DeviceType == CLDeviceType.CL_DEVICE_TYPE_GPU && MissingOpenClCapability(devices[i]) is null)
                {
                    return Describe(new DeviceSpec(DeviceKind.OpenCl, i), devices[i]);
                }
            }
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            // No usable OpenCL device either: auto falls back to the CPU solver.
        }

        return null;
    }

    /// <summary>A context with only the backend <paramref name="kind"/> needs.</summary>
    internal static Context CreateContext(DeviceKind kind)
    {
        NativeLibraries.Register();
        return Context.Create(builder =>
        {
            builder.Optimize(OptimizationLevel.O2);
            switch (kind)
            {
                case DeviceKind.Cuda:
                    builder.Cuda(ApplyPtxOverride);
                    break;
                case DeviceKind.OpenCl:
                    builder.OpenCL();
                    break;
                case DeviceKind.IlgpuCpu:
                    // A small simulated device (one group of two warps of 2 threads at a time): ILGPU runs every simulated thread as an
                    // OS thread and every group barrier as a thread barrier, so wide groups only add context switches; two warps
                    // still take the kernels' paths that split a row between warps and add the warps' sums.
                    builder.CPU(new CPUDevice(numThreadsPerWarp: 2, numWarpsPerMultiprocessor: 2, numMultiprocessors: 1));
                    break;
                default:
                    throw new NotSupportedException($"Device kind {kind} is not an ILGPU device.");
            }
        });
    }

    /// <summary>The device of <paramref name="spec"/> in <paramref name="context"/>, checked for what the ALS kernels need.</summary>
    internal static Device Find(Context context, DeviceSpec spec)
    {
        switch (spec.Kind)
        {
            case DeviceKind.Cuda:
                {
                    IReadOnlyList<CudaDevice> devices = [.. context.GetCudaDevices()];
                    if (spec.Index >= devices.Count)
                    {
                        throw new NotSupportedException(devices.Count == 0 ? NoCudaDeviceReason() : $"CUDA device {spec.Index} does not exist: {Listing(devices)}.");
                    }

                    CudaDevice device = devices[spec.Index];
                    if (device.InstructionSet is null)
                    {
                        throw new NotSupportedException(
                            $"CUDA device {spec.Index} ({device.Name}, sm_{device.Architecture?.Major}{device.Architecture?.Minor}): driver {device.DriverVersion} "
                            + $"is too old for every PTX ISA ILGPU can emit for it; update the NVIDIA driver or set {PtxIsaVariable}.");
                    }

                    return device;
                }

            case DeviceKind.OpenCl:
                {
                    IReadOnlyList<CLDevice> devices = [.. context.GetCLDevices()];
                    if (spec.Index >= devices.Count)
                    {
                        throw new NotSupportedException(devices.Count == 0
                            ? "No OpenCL device found (libOpenCL.so.1 with an installed driver is needed): use --device cuda, cpu or auto."
                            : $"OpenCL device {spec.Index} does not exist: {Listing(devices)}.");
                    }

                    CLDevice device = devices[spec.Index];
                    if (MissingOpenClCapability(device) is { } missing)
                    {
                        throw new NotSupportedException($"OpenCL device {spec.Index} ({device.Name}) lacks {missing}, which ILGPU's OpenCL backend needs: use --device cuda, cpu or auto.");
                    }

                    return device;
                }

            case DeviceKind.IlgpuCpu:
                return context.GetCPUDevices()[0];
            default:
                throw new NotSupportedException($"Device '{spec}' is not an ILGPU device.");
        }
    }

    /// <summary>What an OpenCL device lacks for the ALS kernels (generic address space, 64-bit floats, sub-groups for the warp shuffles), or null.</summary>
    internal static string? MissingOpenClCapability(CLDevice device)
    {
        if (!device.Capabilities.GenericAddressSpace)
        {
            return "the OpenCL 2.0 generic address space";
        }

        if (!device.Capabilities.Float64)
        {
            return "64-bit floats (cl_khr_fp64)";
        }

        return device.Capabilities.SubGroups ? null : "sub-groups (cl_khr_subgroups), which the kernels' warp shuffles use";
    }

    private static void ApplyPtxOverride(CudaDeviceOverride device)
    {
        string? forced = Environment.GetEnvironmentVariable(PtxIsaVariable);
        if (string.IsNullOrWhiteSpace(forced))
        {
            return;
        }

        string[] parts = forced.Trim().Split('.');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor))
        {
            device.InstructionSet = new CudaInstructionSet(major, minor);
        }
    }

    /// <summary>
    /// Why ILGPU lists no CUDA device: no driver, no GPU, or GPUs ILGPU dropped (an architecture newer than its table).
    /// </summary>
    private static string NoCudaDeviceReason()
    {
        try
        {
            CudaAPI api = CudaAPI.CurrentAPI;
            if (api.GetDeviceCount(out int count) == CudaError.CUDA_SUCCESS && count > 0
                && api.GetDeviceComputeCapability(out int major, out int minor, 0) == CudaError.CUDA_SUCCESS)
            {
                api.GetDriverVersion(out CudaDriverVersion driver);
                return $"The CUDA driver {driver} lists {count} GPU(s) but ILGPU 1.5.3 cannot target them (device 0 is sm_{major}{minor}); "
                    + "use --device cpu, or a newer ILGPU release for this architecture.";
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
        {
            // Fall through: no driver.
        }

        return "No CUDA device found (the NVIDIA driver's libcuda.so.1 is needed): use --device cpu, opencl or auto.";
    }

    private static string Listing<T>(IReadOnlyList<T> devices)
        where T : Device
    {
        var names = new List<string>(devices.Count);
        for (int i = 0; i < devices.Count; i++)
        {
            names.Add($"{i}: {devices[i].Name}");
        }

        return $"{devices.Count} found ({string.Join("; ", names)})";
    }

    private static GpuDeviceInfo Describe(DeviceSpec spec, Device device) => device switch
    {
        CudaDevice cuda => new GpuDeviceInfo(
            spec,
            new ComputeDeviceInfo(
                "cuda",
                $"{cuda.Name} (sm_{cuda.Architecture?.Major}{cuda.Architecture?.Minor}, PTX ISA {cuda.InstructionSet?.Major}.{cuda.InstructionSet?.Minor}, driver {cuda.DriverVersion})",
                "NVIDIA",
                cuda.NumMultiprocessors),
            cuda.MemorySize),
        CLDevice cl => new GpuDeviceInfo(spec, new ComputeDeviceInfo("opencl", cl.Name, cl.VendorName, cl.NumMultiprocessors), cl.MemorySize),
        _ => new GpuDeviceInfo(spec, new ComputeDeviceInfo("ilgpu-cpu", $"ILGPU CPU accelerator ({device.NumMultiprocessors} processors)", "ILGPU", device.NumMultiprocessors), device.MemorySize),
    };
}

/// <summary>An ILGPU device chosen for a fit: how to find it again, what to report, and its memory.</summary>
public sealed record GpuDeviceInfo(DeviceSpec Spec, ComputeDeviceInfo Info, long MemoryBytes);
