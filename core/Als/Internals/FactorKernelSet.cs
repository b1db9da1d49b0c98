using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Core.Als.Internals;

/// <summary>The families of row-solver kernels; <see cref="FactorKernelSets.For"/> picks one per factor count.</summary>
internal enum FactorKernelSet
{
    /// <summary><see cref="System.Numerics.Tensors.TensorPrimitives"/> and <c>Vector&lt;T&gt;</c>: any width, any CPU.</summary>
    Portable,

    /// <summary><see cref="Vector256Kernels64"/>: 64 factors in eight ymm registers (AVX2 and FMA).</summary>
    Vector256,

    /// <summary><see cref="Vector512Kernels64"/>: 64 factors in four zmm registers (AVX-512F).</summary>
    Vector512,
}

/// <summary>The one place that decides which kernel set the CPU solver runs.</summary>
internal static class FactorKernelSets
{
    /// <summary>The 64-factor set this process can run, read once: the hardware checks are constants to the JIT.</summary>
    private static readonly FactorKernelSet _wide64 = Choose(
        64,
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported);

    /// <summary>The kernel set used for <paramref name="factors"/> on this machine.</summary>
    public static FactorKernelSet For(int factors) => factors == 64 ? _wide64 : FactorKernelSet.Portable;

    /// <summary>
    /// The choice itself, apart from the hardware so it can be tested: the hand-written kernels hold a 64-float row in
    /// registers, so they serve exactly 64 factors, the widest available first; everything else is portable.
    /// </summary>
    public static FactorKernelSet Choose(int factors, bool avx512F, bool avx2Fma) => factors != 64 ? FactorKernelSet.Portable
        : avx512F ? FactorKernelSet.Vector512
        : avx2Fma ? FactorKernelSet.Vector256
        : FactorKernelSet.Portable;

    /// <summary>The set's name in benchmark output.</summary>
    public static string Name(FactorKernelSet set) => set switch
    {
        FactorKernelSet.Vector512 => "vector512-avx512f",
        FactorKernelSet.Vector256 => "vector256-avx2-fma",
        _ => "tensorprimitives",
    };
}
