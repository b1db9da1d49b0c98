using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recommender.Core.Als.Internals;

namespace Recommender.Core.Als;

/// <summary>
/// Solves one row's ALS system exactly: builds A = Gram (+ lambda_u I) + sum_i (c_i - 1) y_i y_i^T and b = sum_i c_i y_i, then
/// factorises A = U^T U in double precision on the worker's scratch buffers. The reference the CG solver is tested against.
/// </summary>
internal static class CholeskySolver
{
    public static void SolveRow(HalfIteration half, int row, RowSolverScratch scratch)
    {
        int f = half.Factors;
        Span<float> x = half.Row(row);
        ReadOnlySpan<int> columns = half.Columns(row);
        ReadOnlySpan<float> cm1 = half.Confidences(row);
        ReadOnlySpan<float> all = half.Fixed;
        Span<float> a = scratch.System;
        Span<float> b = scratch.Residual;
        half.Gram.CopyTo(a);
        float lambda = half.ExtraLambda(row);
        if (lambda != 0f)
        {
            for (int k = 0; k < f; k++)
            {
                a[(k * f) + k] += lambda;
            }
        }

        FactorKernels.AccumulateSystem(a, columns, cm1, all, f);
        b.Clear();
        for (int n = 0; n < columns.Length; n++)
        {
            TensorPrimitives.MultiplyAdd(all.Slice(columns[n] * f, f), 1f + cm1[n], b, b);
        }

        if (!Factorise(a, scratch.Factor, f))
        {
            // Not positive definite (only possible with non-finite or negative confidences): poison the row so the
            // fitter's finite check reports divergence instead of returning garbage.
            x.Fill(float.NaN);
            return;
        }

        Substitute(scratch.Factor, b, scratch.Vector, f);
        for (int k = 0; k < f; k++)
        {
            x[k] = (float)scratch.Vector[k];
        }
    }

    /// <summary>
    /// Upper factor U (row-major, A = U^T U) of the symmetric matrix whose lower triangle is in <paramref name="a"/>.
    /// The right-looking form updates contiguous row tails, so the inner loop is a plain vector axpy.
    /// </summary>
    internal static bool Factorise(ReadOnlySpan<float> a, Span<double> upper, int f)
    {
        for (int i = 0; i < f; i++)
        {
            for (int j = i; j < f; j++)
            {
                upper[(i * f) + j] = a[(j * f) + i];
            }
        }

        ref double u = ref MemoryMarshal.GetReference(upper);
        for (int k = 0; k < f; k++)
        {
            ref double rowK = ref Unsafe.Add(ref u, k * f);
            double pivot = Unsafe.Add(ref rowK, k);
            if (!(pivot > 0d) || !double.IsFinite(pivot))
            {
                return false;
            }

            double d = Math.Sqrt(pivot);
            Unsafe.Add(ref rowK, k) = d;
            double inverse = 1d / d;
            for (int j = k + 1; j < f; j++)
            {
                Unsafe.Add(ref rowK, j) *= inverse;
            }

            for (int i = k + 1; i < f; i++)
            {
                // Row i's tail loses U[k,i] times row k's tail (the trailing Schur-complement update).
                SubtractScaled(ref Unsafe.Add(ref u, (i * f) + i), ref Unsafe.Add(ref rowK, i), Unsafe.Add(ref rowK, i), f - i);
            }
        }

        return true;
    }

    /// <summary>target[0..count) -= scale * source[0..count), vectorised with a scalar tail.</summary>
    private static void SubtractScaled(ref double target, ref double source, double scale, int count)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<double>(scale);
            for (; k + Vector<double>.Count <= count; k += Vector<double>.Count)
            {
                Vector<double> t = Vector.LoadUnsafe(ref target, (nuint)k) - (s * Vector.LoadUnsafe(ref source, (nuint)k));
                t.StoreUnsafe(ref target, (nuint)k);
            }
        }

        for (; k < count; k++)
        {
            Unsafe.Add(ref target, k) -= scale * Unsafe.Add(ref source, k);
        }
    }

    /// <summary>Solves U^T U x = b into <paramref name="x"/>.</summary>
    internal static void Substitute(ReadOnlySpan<double> upper, ReadOnlySpan<float> b, Span<double> x, int f)
    {
        for (int i = 0; i < f; i++)
        {
            x[i] = b[i];
        }

        // Forward: U^T z = b, column by column (row k of U is column k of U^T).
        for (int k = 0; k < f; k++)
        {
            x[k] /= upper[(k * f) + k];
            double zk = x[k];
            for (int i = k + 1; i < f; i++)
            {
                x[i] -= upper[(k * f) + i] * zk;
            }
        }

        // Backward: U x = z, each row's tail is contiguous.
        for (int i = f - 1; i >= 0; i--)
        {
            int tail = f - i - 1;
            double sum = x[i] - TensorPrimitives.Dot(upper.Slice((i * f) + i + 1, tail), x.Slice(i + 1, tail));
            x[i] = sum / upper[(i * f) + i];
        }
    }
}
