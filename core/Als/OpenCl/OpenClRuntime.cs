using System.Runtime.InteropServices;
using Recommender.Core.Als.OpenCl.Native;

namespace Recommender.Core.Als.OpenCl;

/// <summary>Checks once that the OpenCL ICD loader can be loaded, so a missing runtime is one clear line, not a DllNotFoundException.</summary>
internal static class OpenClRuntime
{
    private static readonly Lazy<string?> _libraryProblem = new(() => Probe(OpenClNative.Library));

    /// <summary>Throws <see cref="OpenClException"/> with install advice when libOpenCL.so.1 cannot be loaded.</summary>
    public static void EnsureAvailable()
    {
        if (_libraryProblem.Value is { } problem)
        {
            throw new OpenClException(problem);
        }
    }

    /// <summary>Null when <paramref name="library"/> loads, else the one-line error to show.</summary>
    internal static string? Probe(string library)
    {
        if (NativeLibrary.TryLoad(library, out nint handle))
        {
            // The P/Invoke layer loads the library itself; this probe only checks that it can.
            NativeLibrary.Free(handle);
            return null;
        }

        return MissingLibraryMessage(library);
    }

    internal static string MissingLibraryMessage(string library) =>
        $"OpenCL runtime not found ({library}): install ocl-icd-libopencl1 and a driver (pocl-opencl-icd for CPU, the NVIDIA driver's OpenCL ICD for GPUs), or run tools/pocl/install.sh.";
}
