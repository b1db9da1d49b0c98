using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recommender.Core.Als.Internals;

/// <summary>
/// Computes scale * Y^T Y (+ lambda I) for a row-major factor matrix. Rows are cut into fixed blocks whose partial sums are
/// added in block order in double precision, so the result is the same whatever the thread count.
/// </summary>
internal sealed class GramMatrix
{
    private const int BlockRows = 1024;

    private readonly int _factors;
    private readonly float[] _partials;
    private readonly double[] _total;

    public GramMatrix(int factors, int maxRows)
    {
        _factors = factors;
        int blocks = Math.Max(1, (maxRows + BlockRows - 1) / BlockRows);
        _partials = new float[(long)blocks * factors * factors];
        _total = new double[factors * factors];
    }

    /// <summary>Writes scale * Y^T Y + lambda I (f x f, row-major) into <paramref name="output"/>.</summary>
    public void Compute(ReadOnlyMemory<float> factorRows, int rows, float lambda, Span<float> output, int workers, CancellationToken cancellationToken, float scale = 1f)
    {
        int f = _factors;
        int ff = f * f;
        int blocks = Math.Max(1, (rows + BlockRows - 1) / BlockRows);
        ParallelChunks.Run(blocks, workers, (_, block) =>
        {
            Span<float> partial = _partials.AsSpan(block * ff, ff);
            partial.Clear();
            int start = block * BlockRows;
            int end = Math.Min(rows, start + BlockRows);
            if (FactorKernels.UsesWide64(f))
            {
                AccumulateBlock64(factorRows.Span, start, end, partial);
            }
            else
            {
                AccumulateBlock(factorRows.Span, start, end, partial, f);
            }
        }, cancellationToken);

        Array.Clear(_total);
        for (int block = 0; block < blocks; block++)
        {
            ReadOnlySpan<float> partial = _partials.AsSpan(block * ff, ff);
            for (int k = 0; k < ff; k++)
            {
                _total[k] += partial[k];
            }
        }

        // The scale is applied to the double sum, so scale 1 gives exactly the plain Gram matrix.
        for (int k = 0; k < ff; k++)
        {
            output[k] = (float)(_total[k] * scale);
        }

        for (int a = 0; a < f; a++)
        {
            output[(a * f) + a] += lambda;
        }
    }

    /// <summary>
    /// partial += sum over rows start..end-1 of y y^T for 64 factors: four rows of partial (16 registers) stay in
    /// registers while the block's rows stream past, so partial is read and written once per block, not once per
    /// four rows. Each element still sums its products in row order.
    /// </summary>
    private static void AccumulateBlock64(ReadOnlySpan<float> factorRows, int start, int end, Span<float> partial)
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

    /// <summary>partial += sum over rows start..end-1 of y y^T, four rows at a time to reuse each loaded partial row.</summary>
    private static void AccumulateBlock(ReadOnlySpan<float> factorRows, int start, int end, Span<float> partial, int f)
    {
        ref float g = ref MemoryMarshal.GetReference(partial);
        ref float y = ref MemoryMarshal.GetReference(factorRows);
        int width = Vector<float>.Count;
        int n = start;
        for (; n + 4 <= end; n += 4)
        {
            ref float y0 = ref Unsafe.Add(ref y, (nint)n * f);
            ref float y1 = ref Unsafe.Add(ref y0, f);
            ref float y2 = ref Unsafe.Add(ref y1, f);
            ref float y3 = ref Unsafe.Add(ref y2, f);
            for (int a = 0; a < f; a++)
            {
                var s0 = new Vector<float>(Unsafe.Add(ref y0, a));
                var s1 = new Vector<float>(Unsafe.Add(ref y1, a));
                var s2 = new Vector<float>(Unsafe.Add(ref y2, a));
                var s3 = new Vector<float>(Unsafe.Add(ref y3, a));
                ref float row = ref Unsafe.Add(ref g, a * f);
                int k = 0;
                for (; k + width <= f; k += width)
                {
                    var acc = Vector.LoadUnsafe(ref row, (nuint)k);
                    acc = Vector.FusedMultiplyAdd(s0, Vector.LoadUnsafe(ref y0, (nuint)k), acc);
                    acc = Vector.FusedMultiplyAdd(s1, Vector.LoadUnsafe(ref y1, (nuint)k), acc);
                    acc = Vector.FusedMultiplyAdd(s2, Vector.LoadUnsafe(ref y2, (nuint)k), acc);
                    acc = Vector.FusedMultiplyAdd(s3, Vector.LoadUnsafe(ref y3, (nuint)k), acc);
                    acc.StoreUnsafe(ref row, (nuint)k);
                }

                // Scalar tail for factor counts that are not a multiple of the vector width.
                for (; k < f; k++)
                {
                    Unsafe.Add(ref row, k) += (Unsafe.Add(ref y0, a) * Unsafe.Add(ref y0, k)) + (Unsafe.Add(ref y1, a) * Unsafe.Add(ref y1, k))
                        + (Unsafe.Add(ref y2, a) * Unsafe.Add(ref y2, k)) + (Unsafe.Add(ref y3, a) * Unsafe.Add(ref y3, k));
                }
            }
        }

        // Remaining rows one at a time.
        for (; n < end; n++)
        {
            ref float y0 = ref Unsafe.Add(ref y, (nint)n * f);
            for (int a = 0; a < f; a++)
            {
                float s = Unsafe.Add(ref y0, a);
                ref float row = ref Unsafe.Add(ref g, a * f);
                for (int k = 0; k < f; k++)
                {
                    Unsafe.Add(ref row, k) += s * Unsafe.Add(ref y0, k);
                }
            }
        }
    }
}
