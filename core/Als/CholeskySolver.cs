using System.Numerics.Tensors;
using Recommender.Core.Als.Internals;

namespace Recommender.Core.Als;

/// <summary>
/// Solves one row's ALS system exactly: builds A = Gram + sum_i (c_i - 1) y_i y_i^T and b = sum_i c_i y_i, then
/// factorises A = L L^T in double precision on the worker's scratch buffers. The reference the CG solver is tested against.
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
        b.Clear();
        for (int n = 0; n < columns.Length; n++)
        {
            ReadOnlySpan<float> y = all.Slice(columns[n] * f, f);
            float c = cm1[n];
            if (c != 0f)
            {
                FactorKernels.RankOneLower(a, y, c, f);
            }

            TensorPrimitives.MultiplyAdd(y, 1f + c, b, b);
        }

        if (!Factorise(a, scratch.Lower, f))
        {
            // Not positive definite (only possible with non-finite or negative confidences): poison the row so the
            // fitter's finite check reports divergence instead of returning garbage.
            x.Fill(float.NaN);
            return;
        }

        Substitute(scratch.Lower, b, scratch.Vector, f);
        for (int k = 0; k < f; k++)
        {
            x[k] = (float)scratch.Vector[k];
        }
    }

    /// <summary>Lower Cholesky factor of the symmetric matrix whose lower triangle is in <paramref name="a"/>.</summary>
    private static bool Factorise(ReadOnlySpan<float> a, Span<double> lower, int f)
    {
        for (int i = 0; i < f; i++)
        {
            Span<double> li = lower.Slice(i * f, f);
            for (int j = 0; j <= i; j++)
            {
                ReadOnlySpan<double> lj = lower.Slice(j * f, j);
                double sum = a[(i * f) + j] - TensorPrimitives.Dot(li[..j], lj);
                if (i == j)
                {
                    if (!(sum > 0d) || !double.IsFinite(sum))
                    {
                        return false;
                    }

                    li[i] = Math.Sqrt(sum);
                }
                else
                {
                    li[j] = sum / lower[(j * f) + j];
                }
            }
        }

        return true;
    }

    /// <summary>Solves L L^T x = b into <paramref name="x"/>.</summary>
    private static void Substitute(ReadOnlySpan<double> lower, ReadOnlySpan<float> b, Span<double> x, int f)
    {
        for (int i = 0; i < f; i++)
        {
            x[i] = (b[i] - TensorPrimitives.Dot(lower.Slice(i * f, i), x[..i])) / lower[(i * f) + i];
        }

        for (int i = f - 1; i >= 0; i--)
        {
            double sum = x[i];
            for (int k = i + 1; k < f; k++)
            {
                sum -= lower[(k * f) + i] * x[k];
            }

            x[i] = sum / lower[(i * f) + i];
        }
    }
}
