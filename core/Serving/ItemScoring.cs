using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recommender.Core.Serving;

/// <summary>Dot products of one query vector with every row of a row-major factor matrix.</summary>
public static partial class ItemScoring
{
    /// <summary>
    /// scores[i] = dot(query, items[i*f .. (i+1)*f]). Four rows at a time with independent accumulators,
    /// so the scan stays memory-bound instead of waiting on one horizontal sum per row.
    /// </summary>
    public static void ScoreAll(ReadOnlySpan<float> query, ReadOnlySpan<float> items, Span<float> scores)
    {
        int f = query.Length;
        int n = scores.Length;
        if (f == 0 || items.Length != n * f)
        {
            throw new ArgumentException($"Item matrix of {items.Length} floats does not hold {n} rows of {f} factors.", nameof(items));
        }

        ref float q = ref MemoryMarshal.GetReference(query);
        ref float m = ref MemoryMarshal.GetReference(items);
        ref float s = ref MemoryMarshal.GetReference(scores);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && f % Vector512<float>.Count == 0)
        {
            for (; i + 4 <= n; i += 4)
            {
                ref float row = ref Unsafe.Add(ref m, i * f);
                Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int k = 0; k < f; k += Vector512<float>.Count)
                {
                    Vector512<float> qv = Vector512.LoadUnsafe(ref q, (nuint)k);
                    a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)k), qv, a0);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)(f + k)), qv, a1);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)((2 * f) + k)), qv, a2);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)((3 * f) + k)), qv, a3);
                }

                Unsafe.Add(ref s, i) = Vector512.Sum(a0);
                Unsafe.Add(ref s, i + 1) = Vector512.Sum(a1);
                Unsafe.Add(ref s, i + 2) = Vector512.Sum(a2);
                Unsafe.Add(ref s, i + 3) = Vector512.Sum(a3);
            }
        }
        else if (Vector256.IsHardwareAccelerated && f % Vector256<float>.Count == 0)
        {
            for (; i + 4 <= n; i += 4)
            {
                ref float row = ref Unsafe.Add(ref m, i * f);
                Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int k = 0; k < f; k += Vector256<float>.Count)
                {
                    Vector256<float> qv = Vector256.LoadUnsafe(ref q, (nuint)k);
                    a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, (nuint)k), qv, a0);
                    a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, (nuint)(f + k)), qv, a1);
                    a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, (nuint)((2 * f) + k)), qv, a2);
                    a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, (nuint)((3 * f) + k)), qv, a3);
                }

                Unsafe.Add(ref s, i) = Vector256.Sum(a0);
                Unsafe.Add(ref s, i + 1) = Vector256.Sum(a1);
                Unsafe.Add(ref s, i + 2) = Vector256.Sum(a2);
                Unsafe.Add(ref s, i + 3) = Vector256.Sum(a3);
            }
        }

        // Rows left over (or factor counts that are not a vector multiple) take the single-row kernel.
        for (; i < n; i++)
        {
            scores[i] = Dot(query, items.Slice(i * f, f));
        }
    }

    /// <summary>
    /// dot(query, row) with exactly the operations <see cref="ScoreAll"/> uses for each row, so a row re-scored here
    /// equals its <see cref="ScoreAll"/> score bit for bit (the fast recommend path relies on that to match the exact one).
    /// </summary>
    public static float Dot(ReadOnlySpan<float> query, ReadOnlySpan<float> row)
    {
        int f = query.Length;
        if (row.Length != f)
        {
            throw new ArgumentException($"Row has {row.Length} factors; the query has {f}.", nameof(row));
        }

        ref float q = ref MemoryMarshal.GetReference(query);
        ref float r = ref MemoryMarshal.GetReference(row);
        if (f > 0 && Vector512.IsHardwareAccelerated && f % Vector512<float>.Count == 0)
        {
            Vector512<float> a = Vector512<float>.Zero;
            for (int k = 0; k < f; k += Vector512<float>.Count)
            {
                a = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r, (nuint)k), Vector512.LoadUnsafe(ref q, (nuint)k), a);
            }

            return Vector512.Sum(a);
        }

        if (f > 0 && Vector256.IsHardwareAccelerated && f % Vector256<float>.Count == 0)
        {
            Vector256<float> a = Vector256<float>.Zero;
            for (int k = 0; k < f; k += Vector256<float>.Count)
            {
                a = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r, (nuint)k), Vector256.LoadUnsafe(ref q, (nuint)k), a);
            }

            return Vector256.Sum(a);
        }

        return TensorPrimitives.Dot(query, row);
    }
}
