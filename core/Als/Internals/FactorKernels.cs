using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Core.Als.Internals;

/// <summary>
/// The inner loops of the row solvers: dense Gram-matrix products and fused dot-then-axpy passes over a row's
/// nonzeros. A register-resident AVX-512 path serves 64 factors (the default); every other width goes through
/// <see cref="TensorPrimitives"/>. Both paths do the same operations in the same order for a given row, so results
/// never depend on the thread that computes them.
/// </summary>
internal static class FactorKernels
{
    /// <summary>Whether the 64-factor AVX-512 kernels are used for <paramref name="factors"/> on this machine.</summary>
    public static bool UsesWide64(int factors) => factors == 64 && Vector512.IsHardwareAccelerated;

    /// <summary>output = sign * (gram * v) for a symmetric f x f gram matrix (row-major).</summary>
    public static void GramTimes(ReadOnlySpan<float> gram, ReadOnlySpan<float> v, Span<float> output, float sign, int factors)
    {
        if (UsesWide64(factors))
        {
            GramTimes64(gram, v, output, sign);
            return;
        }

        // Symmetric, so gram * v is the combination of gram's rows weighted by v.
        output[..factors].Clear();
        for (int a = 0; a < factors; a++)
        {
            TensorPrimitives.MultiplyAdd(gram.Slice(a * factors, factors), v[a], output[..factors], output[..factors]);
        }

        if (sign != 1f)
        {
            TensorPrimitives.Multiply(output[..factors], sign, output[..factors]);
        }
    }

    /// <summary>
    /// acc += sum_i w_i y_i over the nonzeros of one row, where d_i = y_i . v and
    /// w_i = (1 + cm1_i) - cm1_i d_i when <paramref name="residual"/> (the b - A x part), else cm1_i d_i (the A p part).
    /// </summary>
    public static void AccumulateSparse(ReadOnlySpan<int> columns, ReadOnlySpan<float> cm1, float[] fixedFactors, ReadOnlySpan<float> v, Span<float> acc, int factors, bool residual)
    {
        if (UsesWide64(factors))
        {
            AccumulateSparse64(columns, cm1, fixedFactors, v, acc, residual);
            return;
        }

        ReadOnlySpan<float> all = fixedFactors;
        v = v[..factors];
        acc = acc[..factors];
        for (int n = 0; n < columns.Length; n++)
        {
            ReadOnlySpan<float> y = all.Slice(columns[n] * factors, factors);
            float c = cm1[n];
            float d = TensorPrimitives.Dot(y, v);
            float w = residual ? 1f + c - (c * d) : c * d;
            TensorPrimitives.MultiplyAdd(y, w, acc, acc);
        }
    }

    /// <summary>Adds w * y y^T to the lower triangle of the f x f row-major matrix a (the any-width path).</summary>
    public static void RankOneLower(Span<float> a, ReadOnlySpan<float> y, float w, int factors)
    {
        for (int r = 0; r < factors; r++)
        {
            Span<float> row = a.Slice(r * factors, r + 1);
            TensorPrimitives.MultiplyAdd(y[..(r + 1)], w * y[r], row, row);
        }
    }

    /// <summary>
    /// a += sum_i cm1_i y_i y_i^T over one row's nonzeros, for 64 factors: four rows of a stay in registers while a
    /// block of nonzeros streams past, so a is read and written once per block instead of once per nonzero.
    /// </summary>
    public static void AccumulateSystem64(Span<float> a, ReadOnlySpan<int> columns, ReadOnlySpan<float> cm1, float[] fixedFactors)
    {
        const int Block = 128;
        if (a.Length < 64 * 64 || cm1.Length < columns.Length)
        {
            throw new ArgumentException("64-factor kernel called with short buffers.");
        }

        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float y0 = ref MemoryMarshal.GetArrayDataReference(fixedFactors);
        ref int col = ref MemoryMarshal.GetReference(columns);
        ref float conf = ref MemoryMarshal.GetReference(cm1);
        for (int start = 0; start < columns.Length; start += Block)
        {
            int end = Math.Min(columns.Length, start + Block);
            for (nuint r = 0; r < 64; r += 4)
            {
                ref float row = ref Unsafe.Add(ref ar, r * 64);
                var a00 = Vector512.LoadUnsafe(ref row, 0);
                var a01 = Vector512.LoadUnsafe(ref row, 16);
                var a02 = Vector512.LoadUnsafe(ref row, 32);
                var a03 = Vector512.LoadUnsafe(ref row, 48);
                var a10 = Vector512.LoadUnsafe(ref row, 64);
                var a11 = Vector512.LoadUnsafe(ref row, 80);
                var a12 = Vector512.LoadUnsafe(ref row, 96);
                var a13 = Vector512.LoadUnsafe(ref row, 112);
                var a20 = Vector512.LoadUnsafe(ref row, 128);
                var a21 = Vector512.LoadUnsafe(ref row, 144);
                var a22 = Vector512.LoadUnsafe(ref row, 160);
                var a23 = Vector512.LoadUnsafe(ref row, 176);
                var a30 = Vector512.LoadUnsafe(ref row, 192);
                var a31 = Vector512.LoadUnsafe(ref row, 208);
                var a32 = Vector512.LoadUnsafe(ref row, 224);
                var a33 = Vector512.LoadUnsafe(ref row, 240);
                for (int n = start; n < end; n++)
                {
                    ref float y = ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref col, n) * 64);
                    float c = Unsafe.Add(ref conf, n);
                    var v0 = Vector512.LoadUnsafe(ref y, 0);
                    var v1 = Vector512.LoadUnsafe(ref y, 16);
                    var v2 = Vector512.LoadUnsafe(ref y, 32);
                    var v3 = Vector512.LoadUnsafe(ref y, 48);
                    var s = Vector512.Create(c * Unsafe.Add(ref y, r));
                    a00 = Vector512.FusedMultiplyAdd(s, v0, a00);
                    a01 = Vector512.FusedMultiplyAdd(s, v1, a01);
                    a02 = Vector512.FusedMultiplyAdd(s, v2, a02);
                    a03 = Vector512.FusedMultiplyAdd(s, v3, a03);
                    s = Vector512.Create(c * Unsafe.Add(ref y, r + 1));
                    a10 = Vector512.FusedMultiplyAdd(s, v0, a10);
                    a11 = Vector512.FusedMultiplyAdd(s, v1, a11);
                    a12 = Vector512.FusedMultiplyAdd(s, v2, a12);
                    a13 = Vector512.FusedMultiplyAdd(s, v3, a13);
                    s = Vector512.Create(c * Unsafe.Add(ref y, r + 2));
                    a20 = Vector512.FusedMultiplyAdd(s, v0, a20);
                    a21 = Vector512.FusedMultiplyAdd(s, v1, a21);
                    a22 = Vector512.FusedMultiplyAdd(s, v2, a22);
                    a23 = Vector512.FusedMultiplyAdd(s, v3, a23);
                    s = Vector512.Create(c * Unsafe.Add(ref y, r + 3));
                    a30 = Vector512.FusedMultiplyAdd(s, v0, a30);
                    a31 = Vector512.FusedMultiplyAdd(s, v1, a31);
                    a32 = Vector512.FusedMultiplyAdd(s, v2, a32);
                    a33 = Vector512.FusedMultiplyAdd(s, v3, a33);
                }

                a00.StoreUnsafe(ref row, 0);
                a01.StoreUnsafe(ref row, 16);
                a02.StoreUnsafe(ref row, 32);
                a03.StoreUnsafe(ref row, 48);
                a10.StoreUnsafe(ref row, 64);
                a11.StoreUnsafe(ref row, 80);
                a12.StoreUnsafe(ref row, 96);
                a13.StoreUnsafe(ref row, 112);
                a20.StoreUnsafe(ref row, 128);
                a21.StoreUnsafe(ref row, 144);
                a22.StoreUnsafe(ref row, 160);
                a23.StoreUnsafe(ref row, 176);
                a30.StoreUnsafe(ref row, 192);
                a31.StoreUnsafe(ref row, 208);
                a32.StoreUnsafe(ref row, 224);
                a33.StoreUnsafe(ref row, 240);
            }
        }
    }

    private static void GramTimes64(ReadOnlySpan<float> gram, ReadOnlySpan<float> v, Span<float> output, float sign)
    {
        if (gram.Length < 64 * 64 || v.Length < 64 || output.Length < 64)
        {
            throw new ArgumentException("64-factor kernel called with short buffers.");
        }

        ref float g = ref MemoryMarshal.GetReference(gram);
        ref float vr = ref MemoryMarshal.GetReference(v);

        // Two interleaved accumulator sets halve the FMA dependency chain.
        Vector512<float> e0 = Vector512<float>.Zero, e1 = e0, e2 = e0, e3 = e0;
        Vector512<float> o0 = e0, o1 = e0, o2 = e0, o3 = e0;
        for (nuint a = 0; a < 64; a += 2)
        {
            var s = Vector512.Create(Unsafe.Add(ref vr, a));
            ref float row = ref Unsafe.Add(ref g, a * 64);
            e0 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref row, 0), e0);
            e1 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref row, 16), e1);
            e2 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref row, 32), e2);
            e3 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref row, 48), e3);
            var t = Vector512.Create(Unsafe.Add(ref vr, a + 1));
            ref float next = ref Unsafe.Add(ref row, 64);
            o0 = Vector512.FusedMultiplyAdd(t, Vector512.LoadUnsafe(ref next, 0), o0);
            o1 = Vector512.FusedMultiplyAdd(t, Vector512.LoadUnsafe(ref next, 16), o1);
            o2 = Vector512.FusedMultiplyAdd(t, Vector512.LoadUnsafe(ref next, 32), o2);
            o3 = Vector512.FusedMultiplyAdd(t, Vector512.LoadUnsafe(ref next, 48), o3);
        }

        var k = Vector512.Create(sign);
        ref float outRef = ref MemoryMarshal.GetReference(output);
        ((e0 + o0) * k).StoreUnsafe(ref outRef, 0);
        ((e1 + o1) * k).StoreUnsafe(ref outRef, 16);
        ((e2 + o2) * k).StoreUnsafe(ref outRef, 32);
        ((e3 + o3) * k).StoreUnsafe(ref outRef, 48);
    }

    private static void AccumulateSparse64(ReadOnlySpan<int> columns, ReadOnlySpan<float> cm1, float[] fixedFactors, ReadOnlySpan<float> v, Span<float> acc, bool residual)
    {
        if (cm1.Length < columns.Length || v.Length < 64 || acc.Length < 64)
        {
            throw new ArgumentException("64-factor kernel called with short buffers.");
        }

        // Column indices were range-checked once per fit (CpuAlsFitter), so rows are read without bounds checks.
        ref float y0 = ref MemoryMarshal.GetArrayDataReference(fixedFactors);
        ref int col = ref MemoryMarshal.GetReference(columns);
        ref float conf = ref MemoryMarshal.GetReference(cm1);
        ref float vr = ref MemoryMarshal.GetReference(v);
        ref float ar = ref MemoryMarshal.GetReference(acc);

        // v and the accumulator stay in registers; each y_i is loaded once for its dot and its axpy.
        var v0 = Vector512.LoadUnsafe(ref vr, 0);
        var v1 = Vector512.LoadUnsafe(ref vr, 16);
        var v2 = Vector512.LoadUnsafe(ref vr, 32);
        var v3 = Vector512.LoadUnsafe(ref vr, 48);
        var a0 = Vector512.LoadUnsafe(ref ar, 0);
        var a1 = Vector512.LoadUnsafe(ref ar, 16);
        var a2 = Vector512.LoadUnsafe(ref ar, 32);
        var a3 = Vector512.LoadUnsafe(ref ar, 48);
        int count = columns.Length;
        bool prefetch = Sse.IsSupported;
        for (int n = 0; n < count; n++)
        {
            // The rows are scattered over a matrix larger than the caches (the user side is 35 MB at 138,000 x 64):
            // ask for a row several nonzeros ahead, so its misses overlap this row's arithmetic instead of stalling the
            // next one. A row is 256 bytes and may straddle five cache lines. Prefetching changes no arithmetic.
            if (prefetch && n + PrefetchDistance < count)
            {
                Prefetch(ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref col, n + PrefetchDistance) * 64));
            }

            ref float y = ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref col, n) * 64);
            var y0v = Vector512.LoadUnsafe(ref y, 0);
            var y1v = Vector512.LoadUnsafe(ref y, 16);
            var y2v = Vector512.LoadUnsafe(ref y, 32);
            var y3v = Vector512.LoadUnsafe(ref y, 48);

            // A shallow tree keeps the dot's latency short, so consecutive nonzeros overlap.
            float d = Vector512.Sum(
                Vector512.FusedMultiplyAdd(y1v, v1, y0v * v0) + Vector512.FusedMultiplyAdd(y3v, v3, y2v * v2));
            float c = Unsafe.Add(ref conf, n);
            float w = residual ? 1f + c - (c * d) : c * d;
            var wv = Vector512.Create(w);
            a0 = Vector512.FusedMultiplyAdd(wv, y0v, a0);
            a1 = Vector512.FusedMultiplyAdd(wv, y1v, a1);
            a2 = Vector512.FusedMultiplyAdd(wv, y2v, a2);
            a3 = Vector512.FusedMultiplyAdd(wv, y3v, a3);
        }

        a0.StoreUnsafe(ref ar, 0);
        a1.StoreUnsafe(ref ar, 16);
        a2.StoreUnsafe(ref ar, 32);
        a3.StoreUnsafe(ref ar, 48);
    }

    /// <summary>Nonzeros ahead of the current one whose factor row is prefetched in the sparse passes.</summary>
    private const int PrefetchDistance = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref float row)
    {
        // A prefetch never faults, so an address the GC has just made stale costs nothing but a wasted hint.
        byte* at = (byte*)Unsafe.AsPointer(ref row);
        Sse.Prefetch0(at);
        Sse.Prefetch0(at + 64);
        Sse.Prefetch0(at + 128);
        Sse.Prefetch0(at + 192);
        Sse.Prefetch0(at + 252);
    }
}
