using System.Globalization;
using System.Text;
using Recommender.Core.Als.OpenCl.Native;

namespace Recommender.Core.Als.OpenCl;

/// <summary>Enumerates OpenCL devices and resolves <c>--device opencl[:N]</c> and <c>gpu</c> to one of them.</summary>
public static unsafe class OpenClDevices
{
    private const int PlatformNotFound = -1001;
    private const int DeviceNotFound = -1;

    private static readonly Lock _enumerationLock = new();
    private static IReadOnlyList<OpenClDeviceInfo>? _devices;

    /// <summary>Every (platform, device) pair, platforms in ICD order and devices in platform order; empty when no driver is registered.</summary>
    public static IReadOnlyList<OpenClDeviceInfo> Enumerate()
    {
        // The ICD loader initialises itself on the first call and concurrent first calls can see no platform, so
        // enumeration is serialised; the list is fixed for the process lifetime, so a found list is kept.
        lock (_enumerationLock)
        {
            if (_devices is null)
            {
                List<OpenClDeviceInfo> found = EnumerateOnce();
                if (found.Count == 0)
                {
                    return found;
                }

                _devices = found.AsReadOnly();
            }

            return _devices;
        }
    }

    private static List<OpenClDeviceInfo> EnumerateOnce()
    {
        OpenClRuntime.EnsureAvailable();
        uint platformCount;
        int status = OpenClNative.clGetPlatformIDs(0, null, &platformCount);
        if (status == PlatformNotFound || (status == 0 && platformCount == 0))
        {
            return [];
        }

        OpenClException.ThrowIfFailed(status, "clGetPlatformIDs");
        var platforms = new nint[platformCount];
        fixed (nint* p = platforms)
        {
            OpenClException.ThrowIfFailed(OpenClNative.clGetPlatformIDs(platformCount, p, null), "clGetPlatformIDs");
        }

        var devices = new List<OpenClDeviceInfo>();
        foreach (nint platform in platforms)
        {
            string platformName = PlatformString(platform, OpenClConstants.PlatformName);
            uint deviceCount;
            status = OpenClNative.clGetDeviceIDs(platform, OpenClConstants.DeviceTypeAll, 0, null, &deviceCount);
            if (status == DeviceNotFound || deviceCount == 0)
            {
                continue;
            }

            OpenClException.ThrowIfFailed(status, "clGetDeviceIDs");
            var ids = new nint[deviceCount];
            fixed (nint* d = ids)
            {
                OpenClException.ThrowIfFailed(OpenClNative.clGetDeviceIDs(platform, OpenClConstants.DeviceTypeAll, deviceCount, d, null), "clGetDeviceIDs");
            }

            foreach (nint device in ids)
            {
                devices.Add(Describe(devices.Count, platform, platformName, device));
            }
        }

        return devices;
    }

    /// <summary>
    /// Resolves <c>opencl</c> (the first device), <c>opencl:N</c> (the N-th) or <c>gpu</c> (the first GPU);
    /// throws <see cref="OpenClException"/> with a one-line reason when there is no such device.
    /// </summary>
    public static OpenClDeviceInfo Select(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        string spec = device.Trim().ToLowerInvariant();
        IReadOnlyList<OpenClDeviceInfo> all = Enumerate();
        if (spec == "gpu")
        {
            foreach (OpenClDeviceInfo candidate in all)
            {
                if (candidate.IsGpu)
                {
                    return candidate;
                }
            }

            throw new OpenClException($"No OpenCL GPU found ({Listing(all)}); install the GPU driver's OpenCL ICD or use --device cpu or opencl.");
        }

        int index = ParseIndex(spec, device);
        if (all.Count == 0)
        {
            throw new OpenClException("No OpenCL device found: the runtime lists no platform or device (check `clinfo -l`); install a driver (pocl-opencl-icd for CPU, the NVIDIA driver's OpenCL ICD for GPUs).");
        }

        if (index >= all.Count)
        {
            throw new OpenClException($"OpenCL device {index} does not exist: {Listing(all)}.");
        }

        return all[index];
    }

    /// <summary>The first OpenCL GPU, or null when there is none or no OpenCL runtime at all; never throws for a missing runtime.</summary>
    public static OpenClDeviceInfo? FirstGpuOrNull()
    {
        try
        {
            foreach (OpenClDeviceInfo candidate in Enumerate())
            {
                if (candidate.IsGpu)
                {
                    return candidate;
                }
            }
        }
        catch (OpenClException)
        {
            // auto falls back to the CPU when OpenCL is absent or broken.
        }

        return null;
    }

    /// <summary>Whether <paramref name="device"/> names an OpenCL device: opencl, opencl:N or gpu.</summary>
    public static bool IsOpenClSpec(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        string spec = device.Trim().ToLowerInvariant();
        return spec == "opencl" || spec == "gpu" || spec.StartsWith("opencl:", StringComparison.Ordinal);
    }

    private static int ParseIndex(string spec, string original)
    {
        if (spec == "opencl")
        {
            return 0;
        }

        if (spec.StartsWith("opencl:", StringComparison.Ordinal)
            && int.TryParse(spec.AsSpan("opencl:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            return index;
        }

        throw new OpenClException($"Device '{original}' is not an OpenCL device: use opencl, opencl:N (N counts from 0) or gpu.");
    }

    private static string Listing(IReadOnlyList<OpenClDeviceInfo> all)
    {
        if (all.Count == 0)
        {
            return "no OpenCL device found";
        }

        var text = new StringBuilder().Append(all.Count).Append(all.Count == 1 ? " device found: " : " devices found: ");
        for (int i = 0; i < all.Count; i++)
        {
            text.Append(i == 0 ? "" : "; ").Append(all[i]);
        }

        return text.ToString();
    }

    private static OpenClDeviceInfo Describe(int index, nint platform, string platformName, nint device)
    {
        ulong type = DeviceScalar<ulong>(device, OpenClConstants.DeviceType);
        return new OpenClDeviceInfo
        {
            Index = index,
            Platform = platformName,
            Name = DeviceString(device, OpenClConstants.DeviceName),
            Vendor = DeviceString(device, OpenClConstants.DeviceVendor),
            Type = (type & OpenClConstants.DeviceTypeGpu) != 0 ? "gpu"
                : (type & OpenClConstants.DeviceTypeCpu) != 0 ? "cpu"
                : (type & OpenClConstants.DeviceTypeAccelerator) != 0 ? "accelerator" : "other",
            ComputeUnits = (int)DeviceScalar<uint>(device, OpenClConstants.DeviceMaxComputeUnits),
            GlobalMemoryBytes = (long)DeviceScalar<ulong>(device, OpenClConstants.DeviceGlobalMemSize),
            MaxAllocationBytes = (long)DeviceScalar<ulong>(device, OpenClConstants.DeviceMaxMemAllocSize),
            LocalMemoryBytes = (long)DeviceScalar<ulong>(device, OpenClConstants.DeviceLocalMemSize),
            MaxWorkGroupSize = (long)DeviceScalar<nuint>(device, OpenClConstants.DeviceMaxWorkGroupSize),
            Version = DeviceString(device, OpenClConstants.DeviceVersion),
            PlatformId = platform,
            DeviceId = device,
        };
    }

    private static T DeviceScalar<T>(nint device, uint param)
        where T : unmanaged
    {
        T value = default;
        OpenClException.ThrowIfFailed(OpenClNative.clGetDeviceInfo(device, param, (nuint)sizeof(T), &value, null), "clGetDeviceInfo");
        return value;
    }

    private static string DeviceString(nint device, uint param)
    {
        nuint size;
        OpenClException.ThrowIfFailed(OpenClNative.clGetDeviceInfo(device, param, 0, null, &size), "clGetDeviceInfo");
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
        {
            OpenClException.ThrowIfFailed(OpenClNative.clGetDeviceInfo(device, param, size, b, null), "clGetDeviceInfo");
        }

        return TrimmedUtf8(bytes);
    }

    private static string PlatformString(nint platform, uint param)
    {
        nuint size;
        OpenClException.ThrowIfFailed(OpenClNative.clGetPlatformInfo(platform, param, 0, null, &size), "clGetPlatformInfo");
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
        {
            OpenClException.ThrowIfFailed(OpenClNative.clGetPlatformInfo(platform, param, size, b, null), "clGetPlatformInfo");
        }

        return TrimmedUtf8(bytes);
    }

    /// <summary>OpenCL strings are NUL-terminated and some drivers pad them with spaces.</summary>
    internal static string TrimmedUtf8(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]).Trim();
    }
}
