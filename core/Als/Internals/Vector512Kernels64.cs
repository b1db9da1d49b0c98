using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Core.Als.Internals;

/// <summary>
/// The row-solver kernels for 64 factors on AVX-512F: a factor row is four zmm registers, so a row of the Gram matrix,
/// the CG vectors and the sparse pass's accumulator all stay in registers. Callers pass buffers of at least 64 floats
/// (64 x 64 for matrices); <see cref="FactorKernels"/> dispatches here when <see cref="FactorKernelSets.For"/> says so.
/// </summary>
internal static class Vector512Kernels64
{
    /// <summary>a . b over 64 floats: at this size a call into TensorPrimitives costs more in dispatch than in arithmetic.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref float ar = ref MemoryMarshal.GetReference(a[..64]);
        ref float br = ref MemoryMarshal.GetReference(b[..64]);
        var s = Vector512.LoadUnsafe(ref ar, 0) * Vector512.LoadUnsafe(ref br, 0);
        s = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, 16), Vector512.LoadUnsafe(ref br, 16), s);
        s = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, 32), Vector512.LoadUnsafe(ref br, 32), s);
        s = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, 48), Vector512.LoadUnsafe(ref br, 48), s);
        return Vector512.Sum(s);
    }

    /// <summary>destination = a * s + b over 64 floats.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> a, float s, ReadOnlySpan<float> b, Span<float> destination)
    {
        ref float ar = ref MemoryMarshal.GetReference(a[..64]);
        ref float br = ref MemoryMarshal.GetReference(b[..64]);
        ref float dr = ref MemoryMarshal.GetReference(destination[..64]);
        var k = Vector512.Create(s);
        for (nuint i = 0; i < 64; i += 16)
        {
            Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, i), k, Vector512.LoadUnsafe(ref br, i)).StoreUnsafe(ref dr, i);
        }
    }

    /// <summary>output = sign * (gram * v) for a symmetric 64 x 64 gram matrix (row-major).</summary>
    public static void GramTimes(ReadOnlySpan<float> gram, ReadOnlySpan<float> v, Span<float> output, float sign)
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

    /// <summary>The 64-factor form of <see cref="FactorKernels.AccumulateSparse"/>.</summary>
    public static void AccumulateSparse(ReadOnlySpan<int> columns, ReadOnlySpan<float> cm1, ReadOnlySpan<float> fixedFactors, ReadOnlySpan<float> v, Span<float> acc, bool residual)
    {
        if (cm1.Length < columns.Length || v.Length < 64 || acc.Length < 64)
        {
            throw new ArgumentException("64-factor kernel called with short buffers.");
        }

        // Column indices were range-checked once per fit (CpuAlsFitter), so rows are read without bounds checks.
        ref float y0 = ref MemoryMarshal.GetReference(fixedFactors);
        ref int col = ref MemoryMarshal.GetReference(columns);
        ref float conf = ref MemoryMarshal.GetReference(cm1);
        ref float vr = ref MemoryMarshal.GetReference(v);
        ref float ar = ref MemoryMarshal.GetReference(acc);

        // Eight nonzeros at a time: their eight dot products are summed horizontally together (a transposing
        // reduction costs about three shuffles per nonzero instead of a dozen), then their weights are broadcast
        // from a small stack buffer for the eight axpys, whose rows are still in L1. A last, shorter batch is padded
        // (SparseBatches.PadTail).
        int count = columns.Length;
        Span<float> weights = stackalloc float[SparseBatches.Size];
        Span<int> tailColumns = stackalloc int[SparseBatches.Size];
        Span<float> tailConfidences = stackalloc float[SparseBatches.Size];
        SparseBatches.PadTail(columns, cm1, tailColumns, tailConfidences);

        // v and the accumulator stay in registers for the whole row.
        var v0 = Vector512.LoadUnsafe(ref vr, 0);
        var v1 = Vector512.LoadUnsafe(ref vr, 16);
        var v2 = Vector512.LoadUnsafe(ref vr, 32);
        var v3 = Vector512.LoadUnsafe(ref vr, 48);
        var a0 = Vector512.LoadUnsafe(ref ar, 0);
        var a1 = Vector512.LoadUnsafe(ref ar, 16);
        var a2 = Vector512.LoadUnsafe(ref ar, 32);
        var a3 = Vector512.LoadUnsafe(ref ar, 48);

        bool prefetch = SparseBatches.Prefetches(residual, count);

        ref float wr = ref MemoryMarshal.GetReference(weights);
        var one = Vector256.Create(1f);
        for (int n = 0; n < count; n += SparseBatches.Size)
        {
            int take = Math.Min(SparseBatches.Size, count - n);
            scoped ref int c8 = ref Unsafe.Add(ref col, n);
            scoped ref float cm8 = ref Unsafe.Add(ref conf, n);
            if (take < SparseBatches.Size)
            {
                c8 = ref MemoryMarshal.GetReference(tailColumns);
                cm8 = ref MemoryMarshal.GetReference(tailConfidences);
            }
            else if (prefetch)
            {
                int ahead = Math.Min(count, n + SparseBatches.Size + SparseBatches.PrefetchDistance);
                for (int k = n + SparseBatches.PrefetchDistance; k < ahead; k++)
                {
                    SparseBatches.Prefetch(ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref col, k) * 64));
                }
            }

            var t0 = Dot64(ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref c8, 0) * 64), v0, v1, v2, v3);
            var t1 = Dot64(ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref c8, 1) * 64), v0, v1, v2, v3);
            var t2 = Dot64(ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref c8, 2) * 64), v0, v1, v2, v3);
            var t3 = Dot64(ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref c8, 3) * 64), v0, v1, v2, v3);
            var t4 = Dot64(ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref c8, 4) * 64), v0, v1, v2, v3);
            var t5 = Dot64(ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref c8, 5) * 64), v0, v1, v2, v3);
            var t6 = Dot64(ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref c8, 6) * 64), v0, v1, v2, v3);
            var t7 = Dot64(ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref c8, 7) * 64), v0, v1, v2, v3);
            Vector256<float> d = SumEach(t0, t1, t2, t3, t4, t5, t6, t7);
            var c = Vector256.LoadUnsafe(ref cm8);
            Vector256<float> w = residual ? (one + c) - (c * d) : c * d;
            w.StoreUnsafe(ref wr);
            for (int k = 0; k < take; k++)
            {
                ref float y = ref Unsafe.Add(ref y0, (nint)Unsafe.Add(ref c8, k) * 64);
                var wv = Vector512.Create(Unsafe.Add(ref wr, k));
                a0 = Vector512.FusedMultiplyAdd(wv, Vector512.LoadUnsafe(ref y, 0), a0);
                a1 = Vector512.FusedMultiplyAdd(wv, Vector512.LoadUnsafe(ref y, 16), a1);
                a2 = Vector512.FusedMultiplyAdd(wv, Vector512.LoadUnsafe(ref y, 32), a2);
                a3 = Vector512.FusedMultiplyAdd(wv, Vector512.LoadUnsafe(ref y, 48), a3);
            }
        }

        a0.StoreUnsafe(ref ar, 0);
        a1.StoreUnsafe(ref ar, 16);
        a2.StoreUnsafe(ref ar, 32);
        a3.StoreUnsafe(ref ar, 48);
    }

    /// <summary>Lane-wise products of one 64-float row with v, folded to 16 partial sums (sum them for y . v).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Dot64(ref float y, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3)
    {
        var t = Vector512.LoadUnsafe(ref y, 0) * v0;
        t = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref y, 16), v1, t);
        t = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref y, 32), v2, t);
        return Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref y, 48), v3, t);
    }

    /// <summary>
    /// The horizontal sums of eight vectors, as lanes 0-7 of the result. Pairs are interleaved and added so every step
    /// halves the vectors left: 32-bit pairs, then 64-bit pairs within 128-bit lanes, then 128-bit lanes across vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> SumEach(
        Vector512<float> t0, Vector512<float> t1, Vector512<float> t2, Vector512<float> t3,
        Vector512<float> t4, Vector512<float> t5, Vector512<float> t6, Vector512<float> t7)
    {
        // Per 128-bit lane: [t0, t1, t0, t1] partial sums, and likewise for the other pairs.
        var p01 = Avx512F.UnpackLow(t0, t1) + Avx512F.UnpackHigh(t0, t1);
        var p23 = Avx512F.UnpackLow(t2, t3) + Avx512F.UnpackHigh(t2, t3);
        var p45 = Avx512F.UnpackLow(t4, t5) + Avx512F.UnpackHigh(t4, t5);
        var p67 = Avx512F.UnpackLow(t6, t7) + Avx512F.UnpackHigh(t6, t7);

        // Per 128-bit lane: [t0, t1, t2, t3] and [t4, t5, t6, t7].
        var q03 = Avx512F.UnpackLow(p01.AsDouble(), p23.AsDouble()).AsSingle() + Avx512F.UnpackHigh(p01.AsDouble(), p23.AsDouble()).AsSingle();
        var q47 = Avx512F.UnpackLow(p45.AsDouble(), p67.AsDouble()).AsSingle() + Avx512F.UnpackHigh(p45.AsDouble(), p67.AsDouble()).AsSingle();

        // [q03 lane 0, q47 lane 0, q03 lane 1, q47 lane 1] + [lanes 2 and 3 likewise], then the two 256-bit halves.
        var low = Vector512.Create(0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
        var high = Vector512.Create(8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
        var r = Avx512F.PermuteVar16x32x2(q03, low, q47) + Avx512F.PermuteVar16x32x2(q03, high, q47);
        return r.GetLower() + r.GetUpper();
    }

    /// <summary>
    /// a += sum_i cm1_i y_i y_i^T over one row's nonzeros (the Cholesky system): four rows of a stay in registers while
    /// a block of nonzeros streams past, so a is read and written once per block instead of once per nonzero.
    /// </summary>
    public static void AccumulateSystem(Span<float> a, ReadOnlySpan<int> columns, ReadOnlySpan<float> cm1, ReadOnlySpan<float> fixedFactors)
    {
        const int Block = 128;
        if (a.Length < 64 * 64 || cm1.Length < columns.Length)
        {
            throw new ArgumentException("64-factor kernel called with short buffers.");
        }

        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float y0 = ref MemoryMarshal.GetReference(fixedFactors);
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

    /// <summary>
    /// partial += sum over rows start..end-1 of y y^T (a block of the Gram matrix): four rows of partial (16 registers)
    /// stay in registers while the block's rows stream past, so partial is read and written once per block, not once per
    /// four rows. Each element still sums its products in row order.
    /// </summary>
    public static void AccumulateGram(ReadOnlySpan<float> factorRows, int start, int end, Span<float> partial)
    {
        if (partial.Length < 64 * 64 || factorRows.Length < (long)end * 64)
        {
            throw new ArgumentException("64-factor Gram kernel called with short buffers.");
        }

        ref float g = ref MemoryMarshal.GetReference(partial);
        ref float y = ref MemoryMarshal.GetReference(factorRows);
        for (nuint r = 0; r < 64; r += 4)
        {
            ref float row = ref Unsafe.Add(ref g, r * 64);
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
                ref float yn = ref Unsafe.Add(ref y, (nint)n * 64);
                var v0 = Vector512.LoadUnsafe(ref yn, 0);
                var v1 = Vector512.LoadUnsafe(ref yn, 16);
                var v2 = Vector512.LoadUnsafe(ref yn, 32);
                var v3 = Vector512.LoadUnsafe(ref yn, 48);
                var s = Vector512.Create(Unsafe.Add(ref yn, r));
                a00 = Vector512.FusedMultiplyAdd(s, v0, a00);
                a01 = Vector512.FusedMultiplyAdd(s, v1, a01);
                a02 = Vector512.FusedMultiplyAdd(s, v2, a02);
                a03 = Vector512.FusedMultiplyAdd(s, v3, a03);
                s = Vector512.Create(Unsafe.Add(ref yn, r + 1));
                a10 = Vector512.FusedMultiplyAdd(s, v0, a10);
                a11 = Vector512.FusedMultiplyAdd(s, v1, a11);
                a12 = Vector512.FusedMultiplyAdd(s, v2, a12);
                a13 = Vector512.FusedMultiplyAdd(s, v3, a13);
                s = Vector512.Create(Unsafe.Add(ref yn, r + 2));
                a20 = Vector512.FusedMultiplyAdd(s, v0, a20);
                a21 = Vector512.FusedMultiplyAdd(s, v1, a21);
                a22 = Vector512.FusedMultiplyAdd(s, v2, a22);
                a23 = Vector512.FusedMultiplyAdd(s, v3, a23);
                s = Vector512.Create(Unsafe.Add(ref yn, r + 3));
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
