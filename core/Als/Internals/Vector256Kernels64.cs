using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Core.Als.Internals;

/// <summary>
/// The row-solver kernels for 64 factors on AVX2 and FMA (CPUs without AVX-512). A factor row is eight ymm registers
/// and there are only sixteen, so unlike <see cref="Vector512Kernels64"/> not everything can stay in registers: each
/// kernel keeps the part that is reused most and reads the rest as memory operands of the FMAs. Callers pass buffers of
/// at least 64 floats (64 x 64 for matrices); <see cref="FactorKernels"/> dispatches here when
/// <see cref="FactorKernelSets.For"/> says so.
/// </summary>
internal static class Vector256Kernels64
{
    /// <summary>a . b over 64 floats, in two interleaved accumulators to halve the FMA dependency chain.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref float ar = ref MemoryMarshal.GetReference(a[..64]);
        ref float br = ref MemoryMarshal.GetReference(b[..64]);
        var s = Vector256.LoadUnsafe(ref ar, 0) * Vector256.LoadUnsafe(ref br, 0);
        var t = Vector256.LoadUnsafe(ref ar, 8) * Vector256.LoadUnsafe(ref br, 8);
        for (nuint i = 16; i < 64; i += 16)
        {
            s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, i), Vector256.LoadUnsafe(ref br, i), s);
            t = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, i + 8), Vector256.LoadUnsafe(ref br, i + 8), t);
        }

        return Vector256.Sum(s + t);
    }

    /// <summary>destination = a * s + b over 64 floats.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> a, float s, ReadOnlySpan<float> b, Span<float> destination)
    {
        ref float ar = ref MemoryMarshal.GetReference(a[..64]);
        ref float br = ref MemoryMarshal.GetReference(b[..64]);
        ref float dr = ref MemoryMarshal.GetReference(destination[..64]);
        var k = Vector256.Create(s);
        for (nuint i = 0; i < 64; i += 8)
        {
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, i), k, Vector256.LoadUnsafe(ref br, i)).StoreUnsafe(ref dr, i);
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

        // Symmetric, so gram * v is the combination of gram's rows weighted by v. The output row is eight
        // accumulators, eight independent FMA chains: enough to keep two FMA ports busy at four cycles' latency.
        Vector256<float> e0 = Vector256<float>.Zero, e1 = e0, e2 = e0, e3 = e0, e4 = e0, e5 = e0, e6 = e0, e7 = e0;
        for (nuint a = 0; a < 64; a++)
        {
            var s = Vector256.Create(Unsafe.Add(ref vr, a));
            ref float row = ref Unsafe.Add(ref g, a * 64);
            e0 = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref row, 0), e0);
            e1 = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref row, 8), e1);
            e2 = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref row, 16), e2);
            e3 = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref row, 24), e3);
            e4 = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref row, 32), e4);
            e5 = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref row, 40), e5);
            e6 = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref row, 48), e6);
            e7 = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref row, 56), e7);
        }

        var k = Vector256.Create(sign);
        ref float o = ref MemoryMarshal.GetReference(output);
        (e0 * k).StoreUnsafe(ref o, 0);
        (e1 * k).StoreUnsafe(ref o, 8);
        (e2 * k).StoreUnsafe(ref o, 16);
        (e3 * k).StoreUnsafe(ref o, 24);
        (e4 * k).StoreUnsafe(ref o, 32);
        (e5 * k).StoreUnsafe(ref o, 40);
        (e6 * k).StoreUnsafe(ref o, 48);
        (e7 * k).StoreUnsafe(ref o, 56);
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

        // Eight nonzeros at a time, as in the AVX-512 kernel: eight dot products reduced together, then eight axpys
        // whose rows are still in L1. v and the accumulator are eight registers each, so they cannot both stay in the
        // sixteen for the whole row: each batch loads v for its dots and the accumulator for its axpys (sixteen L1
        // loads and eight stores per eight nonzeros, against 128 FMAs).
        int count = columns.Length;
        Span<float> weights = stackalloc float[SparseBatches.Size];
        Span<int> tailColumns = stackalloc int[SparseBatches.Size];
        Span<float> tailConfidences = stackalloc float[SparseBatches.Size];
        SparseBatches.PadTail(columns, cm1, tailColumns, tailConfidences);
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

            // Dots: v in eight registers, four dot vectors at a time (folded to four sums per 128-bit lane before the
            // next four start), so no more than 14 of the 16 registers are live.
            var v0 = Vector256.LoadUnsafe(ref vr, 0);
            var v1 = Vector256.LoadUnsafe(ref vr, 8);
            var v2 = Vector256.LoadUnsafe(ref vr, 16);
            var v3 = Vector256.LoadUnsafe(ref vr, 24);
            var v4 = Vector256.LoadUnsafe(ref vr, 32);
            var v5 = Vector256.LoadUnsafe(ref vr, 40);
            var v6 = Vector256.LoadUnsafe(ref vr, 48);
            var v7 = Vector256.LoadUnsafe(ref vr, 56);
            var q03 = SumFourPerLane(
                Dot64(ref Row(ref y0, ref c8, 0), v0, v1, v2, v3, v4, v5, v6, v7),
                Dot64(ref Row(ref y0, ref c8, 1), v0, v1, v2, v3, v4, v5, v6, v7),
                Dot64(ref Row(ref y0, ref c8, 2), v0, v1, v2, v3, v4, v5, v6, v7),
                Dot64(ref Row(ref y0, ref c8, 3), v0, v1, v2, v3, v4, v5, v6, v7));
            var q47 = SumFourPerLane(
                Dot64(ref Row(ref y0, ref c8, 4), v0, v1, v2, v3, v4, v5, v6, v7),
                Dot64(ref Row(ref y0, ref c8, 5), v0, v1, v2, v3, v4, v5, v6, v7),
                Dot64(ref Row(ref y0, ref c8, 6), v0, v1, v2, v3, v4, v5, v6, v7),
                Dot64(ref Row(ref y0, ref c8, 7), v0, v1, v2, v3, v4, v5, v6, v7));

            // [q03 low lane, q47 low lane] + [q03 high lane, q47 high lane]: the eight dot products in order.
            var d = Avx.Permute2x128(q03, q47, 0x20) + Avx.Permute2x128(q03, q47, 0x31);
            var c = Vector256.LoadUnsafe(ref cm8);
            Vector256<float> w = residual ? (one + c) - (c * d) : c * d;
            w.StoreUnsafe(ref wr);

            // Axpys: the accumulator in eight registers, one broadcast weight, the factor rows as memory operands.
            var a0 = Vector256.LoadUnsafe(ref ar, 0);
            var a1 = Vector256.LoadUnsafe(ref ar, 8);
            var a2 = Vector256.LoadUnsafe(ref ar, 16);
            var a3 = Vector256.LoadUnsafe(ref ar, 24);
            var a4 = Vector256.LoadUnsafe(ref ar, 32);
            var a5 = Vector256.LoadUnsafe(ref ar, 40);
            var a6 = Vector256.LoadUnsafe(ref ar, 48);
            var a7 = Vector256.LoadUnsafe(ref ar, 56);
            for (int k = 0; k < take; k++)
            {
                ref float y = ref Row(ref y0, ref c8, k);
                var wv = Vector256.Create(Unsafe.Add(ref wr, k));
                a0 = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref y, 0), a0);
                a1 = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref y, 8), a1);
                a2 = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref y, 16), a2);
                a3 = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref y, 24), a3);
                a4 = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref y, 32), a4);
                a5 = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref y, 40), a5);
                a6 = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref y, 48), a6);
                a7 = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref y, 56), a7);
            }

            a0.StoreUnsafe(ref ar, 0);
            a1.StoreUnsafe(ref ar, 8);
            a2.StoreUnsafe(ref ar, 16);
            a3.StoreUnsafe(ref ar, 24);
            a4.StoreUnsafe(ref ar, 32);
            a5.StoreUnsafe(ref ar, 40);
            a6.StoreUnsafe(ref ar, 48);
            a7.StoreUnsafe(ref ar, 56);
        }
    }

    /// <summary>
    /// a += sum_i cm1_i y_i y_i^T over one row's nonzeros (the Cholesky system). A 4 x 16 tile of a stays in eight
    /// registers while a block of nonzeros streams past (see <see cref="AccumulateGram"/> for the choice of tile).
    /// </summary>
    public static void AccumulateSystem(Span<float> a, ReadOnlySpan<int> columns, ReadOnlySpan<float> cm1, ReadOnlySpan<float> fixedFactors)
    {
        // 128 factor rows (32 KB) stay in L1/L2 while the 64 tiles pass over them.
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
                for (nuint k = 0; k < 64; k += 16)
                {
                    ref float tile = ref Unsafe.Add(ref ar, (r * 64) + k);
                    var a00 = Vector256.LoadUnsafe(ref tile, 0);
                    var a01 = Vector256.LoadUnsafe(ref tile, 8);
                    var a10 = Vector256.LoadUnsafe(ref tile, 64);
                    var a11 = Vector256.LoadUnsafe(ref tile, 72);
                    var a20 = Vector256.LoadUnsafe(ref tile, 128);
                    var a21 = Vector256.LoadUnsafe(ref tile, 136);
                    var a30 = Vector256.LoadUnsafe(ref tile, 192);
                    var a31 = Vector256.LoadUnsafe(ref tile, 200);
                    for (int n = start; n < end; n++)
                    {
                        ref float y = ref Row(ref y0, ref col, n);
                        float c = Unsafe.Add(ref conf, n);
                        var u0 = Vector256.LoadUnsafe(ref y, k);
                        var u1 = Vector256.LoadUnsafe(ref y, k + 8);
                        var s = Vector256.Create(c * Unsafe.Add(ref y, r));
                        a00 = Vector256.FusedMultiplyAdd(s, u0, a00);
                        a01 = Vector256.FusedMultiplyAdd(s, u1, a01);
                        s = Vector256.Create(c * Unsafe.Add(ref y, r + 1));
                        a10 = Vector256.FusedMultiplyAdd(s, u0, a10);
                        a11 = Vector256.FusedMultiplyAdd(s, u1, a11);
                        s = Vector256.Create(c * Unsafe.Add(ref y, r + 2));
                        a20 = Vector256.FusedMultiplyAdd(s, u0, a20);
                        a21 = Vector256.FusedMultiplyAdd(s, u1, a21);
                        s = Vector256.Create(c * Unsafe.Add(ref y, r + 3));
                        a30 = Vector256.FusedMultiplyAdd(s, u0, a30);
                        a31 = Vector256.FusedMultiplyAdd(s, u1, a31);
                    }

                    a00.StoreUnsafe(ref tile, 0);
                    a01.StoreUnsafe(ref tile, 8);
                    a10.StoreUnsafe(ref tile, 64);
                    a11.StoreUnsafe(ref tile, 72);
                    a20.StoreUnsafe(ref tile, 128);
                    a21.StoreUnsafe(ref tile, 136);
                    a30.StoreUnsafe(ref tile, 192);
                    a31.StoreUnsafe(ref tile, 200);
                }
            }
        }
    }

    /// <summary>
    /// partial += sum over rows start..end-1 of y y^T (a block of the Gram matrix). With sixteen ymm registers a tile of
    /// 4 rows x 16 columns of partial stays in eight accumulators (eight independent FMA chains, enough for two FMA
    /// ports at four cycles' latency) while the block's factor rows stream past; each row adds two loads of its 16
    /// columns and four broadcasts, eleven registers in all, so nothing spills. A tile of four full rows (32
    /// accumulators, as the AVX-512 kernel holds in 16 zmm) would not fit. Each element still sums its products in row
    /// order with one FMA per row, so the result equals the AVX-512 kernel's bit for bit.
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
            for (nuint k = 0; k < 64; k += 16)
            {
                ref float tile = ref Unsafe.Add(ref g, (r * 64) + k);
                var a00 = Vector256.LoadUnsafe(ref tile, 0);
                var a01 = Vector256.LoadUnsafe(ref tile, 8);
                var a10 = Vector256.LoadUnsafe(ref tile, 64);
                var a11 = Vector256.LoadUnsafe(ref tile, 72);
                var a20 = Vector256.LoadUnsafe(ref tile, 128);
                var a21 = Vector256.LoadUnsafe(ref tile, 136);
                var a30 = Vector256.LoadUnsafe(ref tile, 192);
                var a31 = Vector256.LoadUnsafe(ref tile, 200);
                for (int n = start; n < end; n++)
                {
                    ref float yn = ref Unsafe.Add(ref y, (nint)n * 64);
                    var u0 = Vector256.LoadUnsafe(ref yn, k);
                    var u1 = Vector256.LoadUnsafe(ref yn, k + 8);
                    var s = Vector256.Create(Unsafe.Add(ref yn, r));
                    a00 = Vector256.FusedMultiplyAdd(s, u0, a00);
                    a01 = Vector256.FusedMultiplyAdd(s, u1, a01);
                    s = Vector256.Create(Unsafe.Add(ref yn, r + 1));
                    a10 = Vector256.FusedMultiplyAdd(s, u0, a10);
                    a11 = Vector256.FusedMultiplyAdd(s, u1, a11);
                    s = Vector256.Create(Unsafe.Add(ref yn, r + 2));
                    a20 = Vector256.FusedMultiplyAdd(s, u0, a20);
                    a21 = Vector256.FusedMultiplyAdd(s, u1, a21);
                    s = Vector256.Create(Unsafe.Add(ref yn, r + 3));
                    a30 = Vector256.FusedMultiplyAdd(s, u0, a30);
                    a31 = Vector256.FusedMultiplyAdd(s, u1, a31);
                }

                a00.StoreUnsafe(ref tile, 0);
                a01.StoreUnsafe(ref tile, 8);
                a10.StoreUnsafe(ref tile, 64);
                a11.StoreUnsafe(ref tile, 72);
                a20.StoreUnsafe(ref tile, 128);
                a21.StoreUnsafe(ref tile, 136);
                a30.StoreUnsafe(ref tile, 192);
                a31.StoreUnsafe(ref tile, 200);
            }
        }
    }

    /// <summary>The factor row of the <paramref name="index"/>-th listed column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float Row(ref float factors, ref int columns, int index) =>
        ref Unsafe.Add(ref factors, (nint)Unsafe.Add(ref columns, index) * 64);

    /// <summary>Lane-wise products of one 64-float row with v, folded to 8 partial sums in two chains of four FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Dot64(
        ref float y,
        Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3,
        Vector256<float> v4, Vector256<float> v5, Vector256<float> v6, Vector256<float> v7)
    {
        var s = Vector256.LoadUnsafe(ref y, 0) * v0;
        var t = Vector256.LoadUnsafe(ref y, 8) * v1;
        s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref y, 16), v2, s);
        t = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref y, 24), v3, t);
        s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref y, 32), v4, s);
        t = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref y, 40), v5, t);
        s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref y, 48), v6, s);
        t = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref y, 56), v7, t);
        return s + t;
    }

    /// <summary>
    /// For four vectors, each 128-bit lane of the result holds their four lane sums: [t0, t1, t2, t3] from the low lanes
    /// and the same from the high lanes. 32-bit pairs are interleaved and added, then 64-bit pairs; with the one
    /// cross-lane step per eight, under two shuffles per dot product instead of a shuffle-and-add tree each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> SumFourPerLane(Vector256<float> t0, Vector256<float> t1, Vector256<float> t2, Vector256<float> t3)
    {
        var p01 = Avx.UnpackLow(t0, t1) + Avx.UnpackHigh(t0, t1);
        var p23 = Avx.UnpackLow(t2, t3) + Avx.UnpackHigh(t2, t3);
        return Avx.UnpackLow(p01.AsDouble(), p23.AsDouble()).AsSingle() + Avx.UnpackHigh(p01.AsDouble(), p23.AsDouble()).AsSingle();
    }
}
