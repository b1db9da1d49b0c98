using Recommender.Core.Als;
using Recommender.Core.Als.Internals;

namespace Recommender.Tests.Als;

public class RowSolverTests
{
    [Theory]
    [InlineData(8, 1)]
    [InlineData(10, 2)]
    [InlineData(64, 3)]
    public void ConjugateGradient_WithEnoughSteps_MatchesCholesky_OnRandomSystems(int factors, int seed)
    {
        const int items = 300;
        CsrMatrix matrix = AlsTestMatrices.Random(20, items, 25, seed);
        float[] cm1 = CpuAlsFitter.ConfidenceMinusOne(matrix.Values, new AlsOptions { Alpha = 2f });
        float[] fixedFactors = AlsTestMatrices.Normal(items, factors, 0.3, seed + 100);
        float[] gram = new float[factors * factors];
        new GramMatrix(factors, items).Compute(fixedFactors, items, 0.1f, gram, 1, CancellationToken.None);

        float[] exact = new float[matrix.Rows * factors];
        float[] iterative = new float[matrix.Rows * factors];
        var exactHalf = new HalfIteration(matrix, cm1, fixedFactors, exact, gram, factors);
        var iterativeHalf = new HalfIteration(matrix, cm1, fixedFactors, iterative, gram, factors);
        var scratch = new RowSolverScratch(factors);
        for (int row = 0; row < matrix.Rows; row++)
        {
            CholeskySolver.SolveRow(exactHalf, row, scratch);
            ConjugateGradientSolver.SolveRow(iterativeHalf, row, 4 * factors, scratch);
        }

        double scale = AlsTestMatrices.MaxAbs(exact);
        Assert.True(scale > 0.01, "the exact solutions should not be trivially zero");
        Assert.True(AlsTestMatrices.MaxAbsDifference(exact, iterative) < 1e-3 * scale,
            $"CG differs from Cholesky by {AlsTestMatrices.MaxAbsDifference(exact, iterative)} (scale {scale})");
    }

    [Fact]
    public void Cholesky_SolvesTheRowSystem_AsADenseSolverDoes()
    {
        const int factors = 6;
        const int items = 40;
        CsrMatrix matrix = AlsTestMatrices.Random(3, items, 10, 7);
        var options = new AlsOptions { Alpha = 3f };
        float[] cm1 = CpuAlsFitter.ConfidenceMinusOne(matrix.Values, options);
        float[] y = AlsTestMatrices.Normal(items, factors, 0.5, 8);
        float[] gram = new float[factors * factors];
        new GramMatrix(factors, items).Compute(y, items, 0.05f, gram, 1, CancellationToken.None);
        float[] x = new float[matrix.Rows * factors];
        var half = new HalfIteration(matrix, cm1, y, x, gram, factors);
        CholeskySolver.SolveRow(half, 1, new RowSolverScratch(factors));

        // Reference: the textbook system (Y^T C_u Y + lambda I) x = Y^T C_u p(u), over all items, with MathNet.
        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(factors, factors);
        var b = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(factors);
        for (int i = 0; i < items; i++)
        {
            double c = 1d;
            double p = 0d;
            ReadOnlySpan<int> cols = matrix.RowColumns(1);
            int at = cols.IndexOf(i);
            if (at >= 0)
            {
                c = options.ConfidenceOf(matrix.RowValues(1)[at]);
                p = 1d;
            }

            for (int r = 0; r < factors; r++)
            {
                b[r] += c * p * y[(i * factors) + r];
                for (int s = 0; s < factors; s++)
                {
                    a[r, s] += c * y[(i * factors) + r] * y[(i * factors) + s];
                }
            }
        }

        for (int r = 0; r < factors; r++)
        {
            a[r, r] += 0.05;
        }

        var expected = a.Solve(b);
        for (int r = 0; r < factors; r++)
        {
            Assert.Equal(expected[r], x[factors + r], 4);
        }
    }
}
