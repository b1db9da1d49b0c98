using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// A test that calls AVX2 and FMA kernels directly. On a CPU without them (or with them switched off through
/// <c>DOTNET_EnableAVX2=0</c>) the kernels cannot run, and the test is reported as skipped.
/// </summary>
public sealed class Avx2FmaFactAttribute : FactAttribute
{
    public Avx2FmaFactAttribute()
    {
        if (!IsSupported)
        {
            Skip = "This CPU (or the runtime's settings) offers no AVX2 and FMA.";
        }
    }

    public static bool IsSupported => Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported;
}
