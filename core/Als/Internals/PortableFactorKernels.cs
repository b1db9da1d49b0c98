using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recommender.Core.Als.Internals;

/// <summary>
/// The row-solver kernels for any factor count on any CPU, on <see cref="TensorPrimitives"/> and <c>Vector&lt;T&gt;</c>;
/// also the reference the 64-factor kernel sets are tested against. Each method works on the first
/// <c>factors</c> elements (f x f for matrices) of its buffers.
/// </summary>
internal static class PortableFactorKernels
{
    /// <summary>output = sign * (gram * v) for a symmetric f x f gram matrix (row-major).</summary>
    public static void GramTimes(ReadOnlySpan<float> gram, ReadOnlySpan<float> v, Span<float> output, float sign, int factors)
    {
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

    /// <summary>a . b over the first <paramref name="factors"/> elements.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int factors) => TensorPrimitives.Dot(a[..factors], b[..factors]);

    /// <summary>destination = a * s + b over the first <paramref name="factors"/> elements.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> a, float s, ReadOnlySpan<float> b, Span<float> destination, int factors) =>
        TensorPrimitives.MultiplyAdd(a[..factors], s, b[..factors], destination[..factors]);

    /// <summary>The one-nonzero-at-a-time form of <see cref="FactorKernels.AccumulateSparse"/>.</summary>
    public static void AccumulateSparse(ReadOnlySpan<int> columns, ReadOnlySpan<float> cm1, ReadOnlySpan<float> fixedFactors, ReadOnlySpan<float> v, Span<float> acc, int factors, bool residual)
    {
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

    /// <summary>a += sum_i cm1_i y_i y_i^T on the lower triangle only, which is all the factorisation reads.</summary>
    public static void AccumulateSystem(Span<float> a, ReadOnlySpan<int> columns, ReadOnlySpan<float> cm1, ReadOnlySpan<float> fixedFactors, int factors)
    {
        for (int n = 0; n < columns.Length; n++)
        {
            if (cm1[n] != 0f)
            {
                RankOneLower(a, fixedFactors.Slice(columns[n] * factors, factors), cm1[n], factors);
            }
        }
    }

    /// <summary>partial += sum over rows start..end-1 of y y^T, four factor rows at a time to reuse each loaded partial row.</summary>
    public static void AccumulateGram(ReadOnlySpan<float> factorRows, int start, int end, Span<float> partial, int f)
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

    /// <summary>Adds w * y y^T to the lower triangle of the f x f row-major matrix a.</summary>
    private static void RankOneLower(Span<float> a, ReadOnlySpan<float> y, float w, int factors)
    {
        for (int r = 0; r < factors; r++)
        {
            Span<float> row = a.Slice(r * factors, r + 1);
            TensorPrimitives.MultiplyAdd(y[..(r + 1)], w * y[r], row, row);
        }
    }
}
