using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recommender.Core.Serving;

/// <summary>Several queries against the same item matrix in one pass.</summary>
public static partial class ItemScoring
{
    /// <summary>Queries scored side by side per item row: four accumulators, one per query, share each row load.</summary>
    private const int QueriesPerStep = 4;

    /// <summary>
    /// scores[q*n + i] = dot(queries[q*f .. (q+1)*f], items[i*f .. (i+1)*f]) for every query q: each item row is read
    /// from memory once for all queries. Every score is bit-identical to <see cref="ScoreAll"/>'s for that query, because
    /// each (query, row) pair runs exactly the same chain of fused multiply-adds and the same horizontal sum.
    /// </summary>
    public static void ScoreAllBatch(ReadOnlySpan<float> queries, int factors, ReadOnlySpan<float> items, Span<float> scores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factors, 1);
        int f = factors;
        int b = queries.Length / f;
        if (queries.Length != b * f || b == 0)
        {
            throw new ArgumentException($"Queries of {queries.Length} floats are not whole rows of {f} factors.", nameof(queries));
        }

        int n = items.Length / f;
        if (items.Length != n * f || scores.Length != b * n)
        {
            throw new ArgumentException($"Item matrix of {items.Length} floats and {scores.Length} scores do not match {b} queries of {f} factors.", nameof(scores));
        }

        if (Vector512.IsHardwareAccelerated && f % Vector512<float>.Count == 0)
        {
            ScoreRows512(queries, b, f, items, n, scores);
        }
        else if (Vector256.IsHardwareAccelerated && f % Vector256<float>.Count == 0)
        {
            ScoreRows256(queries, b, f, items, n, scores);
        }
        else
        {
            // No vector width fits the factor count: each query takes the single-query scan, which has the same fallback.
            for (int q = 0; q < b; q++)
            {
                ScoreAll(queries.Slice(q * f, f), items, scores.Slice(q * n, n));
            }
        }
    }

    private static void ScoreRows512(ReadOnlySpan<float> queries, int b, int f, ReadOnlySpan<float> items, int n, Span<float> scores)
    {
        ref float qs = ref MemoryMarshal.GetReference(queries);
        ref float m = ref MemoryMarshal.GetReference(items);
        ref float s = ref MemoryMarshal.GetReference(scores);
        for (int i = 0; i < n; i++)
        {
            ref float row = ref Unsafe.Add(ref m, i * f);
            int q = 0;

            // Four queries per row load; the row stays in L1 for the next four.
            for (; q + QueriesPerStep <= b; q += QueriesPerStep)
            {
                ref float q0 = ref Unsafe.Add(ref qs, q * f);
                Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int k = 0; k < f; k += Vector512<float>.Count)
                {
                    Vector512<float> r = Vector512.LoadUnsafe(ref row, (nuint)k);
                    a0 = Vector512.FusedMultiplyAdd(r, Vector512.LoadUnsafe(ref q0, (nuint)k), a0);
                    a1 = Vector512.FusedMultiplyAdd(r, Vector512.LoadUnsafe(ref q0, (nuint)(f + k)), a1);
                    a2 = Vector512.FusedMultiplyAdd(r, Vector512.LoadUnsafe(ref q0, (nuint)((2 * f) + k)), a2);
                    a3 = Vector512.FusedMultiplyAdd(r, Vector512.LoadUnsafe(ref q0, (nuint)((3 * f) + k)), a3);
                }

                Unsafe.Add(ref s, (q * n) + i) = Vector512.Sum(a0);
                Unsafe.Add(ref s, ((q + 1) * n) + i) = Vector512.Sum(a1);
                Unsafe.Add(ref s, ((q + 2) * n) + i) = Vector512.Sum(a2);
                Unsafe.Add(ref s, ((q + 3) * n) + i) = Vector512.Sum(a3);
            }

            for (; q < b; q++)
            {
                ref float q0 = ref Unsafe.Add(ref qs, q * f);
                Vector512<float> a = Vector512<float>.Zero;
                for (int k = 0; k < f; k += Vector512<float>.Count)
                {
                    a = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)k), Vector512.LoadUnsafe(ref q0, (nuint)k), a);
                }

                Unsafe.Add(ref s, (q * n) + i) = Vector512.Sum(a);
            }
        }
    }

    private static void ScoreRows256(ReadOnlySpan<float> queries, int b, int f, ReadOnlySpan<float> items, int n, Span<float> scores)
    {
        ref float qs = ref MemoryMarshal.GetReference(queries);
        ref float m = ref MemoryMarshal.GetReference(items);
        ref float s = ref MemoryMarshal.GetReference(scores);
        for (int i = 0; i < n; i++)
        {
            ref float row = ref Unsafe.Add(ref m, i * f);
            int q = 0;
            for (; q + QueriesPerStep <= b; q += QueriesPerStep)
            {
                ref float q0 = ref Unsafe.Add(ref qs, q * f);
                Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int k = 0; k < f; k += Vector256<float>.Count)
                {
                    Vector256<float> r = Vector256.LoadUnsafe(ref row, (nuint)k);
                    a0 = Vector256.FusedMultiplyAdd(r, Vector256.LoadUnsafe(ref q0, (nuint)k), a0);
                    a1 = Vector256.FusedMultiplyAdd(r, Vector256.LoadUnsafe(ref q0, (nuint)(f + k)), a1);
                    a2 = Vector256.FusedMultiplyAdd(r, Vector256.LoadUnsafe(ref q0, (nuint)((2 * f) + k)), a2);
                    a3 = Vector256.FusedMultiplyAdd(r, Vector256.LoadUnsafe(ref q0, (nuint)((3 * f) + k)), a3);
                }

                Unsafe.Add(ref s, (q * n) + i) = Vector256.Sum(a0);
                Unsafe.Add(ref s, ((q + 1) * n) + i) = Vector256.Sum(a1);
                Unsafe.Add(ref s, ((q + 2) * n) + i) = Vector256.Sum(a2);
                Unsafe.Add(ref s, ((q + 3) * n) + i) = Vector256.Sum(a3);
            }

            for (; q < b; q++)
            {
                ref float q0 = ref Unsafe.Add(ref qs, q * f);
                Vector256<float> a = Vector256<float>.Zero;
                for (int k = 0; k < f; k += Vector256<float>.Count)
                {
                    a = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, (nuint)k), Vector256.LoadUnsafe(ref q0, (nuint)k), a);
                }

                Unsafe.Add(ref s, (q * n) + i) = Vector256.Sum(a);
            }
        }
    }
}
