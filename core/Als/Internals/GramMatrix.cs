using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recommender.Core.Als.Internals;

/// <summary>
/// Computes Y^T Y (+ lambda I) for a row-major factor matrix. Rows are cut into fixed blocks whose partial sums are
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

    /// <summary>Writes Y^T Y + lambda I (f x f, row-major) into <paramref name="output"/>.</summary>
    public void Compute(float[] factorRows, int rows, float lambda, float[] output, int workers, CancellationToken cancellationToken)
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
            AccumulateBlock(factorRows, start, end, partial, f);
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

        for (int k = 0; k < ff; k++)
        {
            output[k] = (float)_total[k];
        }

        for (int a = 0; a < f; a++)
        {
            output[(a * f) + a] += lambda;
        }
    }

    /// <summary>partial += sum over rows start..end-1 of y y^T, four rows at a time to reuse each loaded partial row.</summary>
    private static void AccumulateBlock(float[] factorRows, int start, int end, Span<float> partial, int f)
    {
        ref float g = ref MemoryMarshal.GetReference(partial);
        ref float y = ref MemoryMarshal.GetArrayDataReference(factorRows);
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
