using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Recommender.Core.Als.Gpu;

/// <summary>
/// ILGPU imports the driver libraries by their bare names ("cuda", "opencl"), which the runtime turns into
/// libcuda.so and libopencl.so. Drivers and ICD loaders install the versioned sonames (libcuda.so.1, libOpenCL.so.1)
/// and only development packages add the unversioned links, so a machine or container with just the driver would
/// look GPU-less. This hook runs only after the normal probe fails and maps those names to the sonames.
/// </summary>
internal static class NativeLibraries
{
    private static int _registered;

    /// <summary>The versioned library tried for an ILGPU import name, or null for names this hook leaves alone.</summary>
    internal static string[]? CandidatesFor(string importName) => importName.ToLowerInvariant() switch
    {
        "cuda" or "libcuda" or "libcuda.so" => ["libcuda.so.1"],
        "opencl" or "libopencl" or "libopencl.so" => ["libOpenCL.so.1", "libOpenCL.so"],
        _ => null,
    };

    /// <summary>Registers the fallback once per process; safe to call from every entry point.</summary>
    public static void Register()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        AssemblyLoadContext.Default.ResolvingUnmanagedDll += Resolve;
    }

    private static IntPtr Resolve(Assembly assembly, string importName)
    {
        if (CandidatesFor(importName) is not { } candidates)
        {
            return IntPtr.Zero;
        }

        foreach (string candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, out IntPtr handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
