using Recommender.Core.Als.Internals;

namespace Recommender.Core.Als;

/// <summary>
/// Solves one row's ALS system approximately with a fixed number of conjugate-gradient steps, warm-started from the
/// current factors (Takacs, Pilaszy and Tikk 2011). A p is formed as Gram p (+ lambda_u p) + sum_i (c_i - 1)(y_i . p) y_i, never
/// building the f x f row matrix.
/// </summary>
internal static class ConjugateGradientSolver
{
    /// <summary>Residual norm below which a row counts as solved (the threshold benfred/implicit uses).</summary>
    private const float Converged = 1e-20f;

    public static void SolveRow(HalfIteration half, int row, int steps, RowSolverScratch scratch)
    {
        int f = half.Factors;
        Span<float> x = half.Row(row);
        ReadOnlySpan<int> columns = half.Columns(row);
        ReadOnlySpan<float> cm1 = half.Confidences(row);
        Span<float> r = scratch.Residual;
        Span<float> p = scratch.Direction;
        Span<float> ap = scratch.Product;
        ReadOnlySpan<float> gram = half.Gram;
        ReadOnlySpan<float> fixedFactors = half.Fixed;

        float lambda = half.ExtraLambda(row);

        // r = b - A x, using the warm start x.
        FactorKernels.GramTimes(gram, x, r, -1f, f);
        if (lambda != 0f)
        {
            FactorKernels.MultiplyAdd(x, -lambda, r, r, f);
        }

        FactorKernels.AccumulateSparse(columns, cm1, fixedFactors, x, r, f, residual: true);
        r.CopyTo(p);
        float rsOld = FactorKernels.Dot(r, r, f);
        if (rsOld < Converged)
        {
            return;
        }

        for (int step = 0; step < steps; step++)
        {
            FactorKernels.GramTimes(gram, p, ap, 1f, f);
            if (lambda != 0f)
            {
                FactorKernels.MultiplyAdd(p, lambda, ap, ap, f);
            }

            FactorKernels.AccumulateSparse(columns, cm1, fixedFactors, p, ap, f, residual: false);
            float alpha = rsOld / FactorKernels.Dot(p, ap, f);
            FactorKernels.MultiplyAdd(p, alpha, x, x, f);
            FactorKernels.MultiplyAdd(ap, -alpha, r, r, f);
            float rsNew = FactorKernels.Dot(r, r, f);
            if (rsNew < Converged)
            {
                break;
            }

            FactorKernels.MultiplyAdd(p, rsNew / rsOld, r, p, f);
            rsOld = rsNew;
        }
    }
}
