using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Tests.TestSupport;

/// <summary>A test that calls AVX-512F kernels directly; skipped where the CPU or the runtime's settings lack them.</summary>
public sealed class Avx512FactAttribute : FactAttribute
{
    public Avx512FactAttribute()
    {
        if (!(Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Avx2FmaFactAttribute.IsSupported))
        {
            Skip = "This CPU (or the runtime's settings) offers no AVX-512F.";
        }
    }
}
