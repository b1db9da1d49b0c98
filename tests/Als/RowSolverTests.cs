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

    [Theory]
    [InlineData(AlsSolverKind.Cholesky, 6)]
    [InlineData(AlsSolverKind.ConjugateGradient, 6)]
    [InlineData(AlsSolverKind.Cholesky, 64)]
    [InlineData(AlsSolverKind.ConjugateGradient, 64)]
    public void ScaledRegularizationAndUnobservedWeight_SolveTheRowSystem_AsADenseSolverDoes(AlsSolverKind solver, int factors)
    {
        const int items = 40;
        const int row = 1;
        CsrMatrix matrix = AlsTestMatrices.Random(3, items, 10, 7);
        var options = new AlsOptions { Alpha = 3f, Regularization = 0.02f, RegularizationExponent = 1f, UnobservedWeight = 0.25f };
        float[] cm1 = CpuAlsFitter.ConfidenceMinusOne(matrix.Values, options);
        float[] y = AlsTestMatrices.Normal(items, factors, 0.5, 8);
        float[] gram = new float[factors * factors];
        new GramMatrix(factors, items).Compute(y, items, 0f, gram, 1, CancellationToken.None, options.UnobservedWeight);
        float[] x = new float[matrix.Rows * factors];
        var half = new HalfIteration(matrix, cm1, y, x, gram, factors, HalfIteration.RowLambdas(matrix, options));
        if (solver == AlsSolverKind.Cholesky)
        {
            CholeskySolver.SolveRow(half, row, new RowSolverScratch(factors));
        }
        else
        {
            ConjugateGradientSolver.SolveRow(half, row, 4 * factors, new RowSolverScratch(factors));
        }

        // Reference: (w Y^T Y + Y^T (C_u - I) Y + lambda (n_u + w m) I) x = Y^T C_u p(u), with n_u the row's items
        // and m all items, built densely in double.
        ReadOnlySpan<int> cols = matrix.RowColumns(row);
        double lambda = 0.02 * (cols.Length + (0.25 * items));
        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(factors, factors);
        var b = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(factors);
        for (int i = 0; i < items; i++)
        {
            int at = cols.IndexOf(i);
            double weight = 0.25;
            if (at >= 0)
            {
                double c = 1d + (3d * matrix.RowValues(row)[at]);
                weight += c - 1d;
                for (int r = 0; r < factors; r++)
                {
                    b[r] += c * y[(i * factors) + r];
                }
            }

            for (int r = 0; r < factors; r++)
            {
                for (int s = 0; s < factors; s++)
                {
                    a[r, s] += weight * y[(i * factors) + r] * y[(i * factors) + s];
                }
            }
        }

        for (int r = 0; r < factors; r++)
        {
            a[r, r] += lambda;
        }

        var expected = a.Solve(b);
        double scale = expected.AbsoluteMaximum();
        for (int r = 0; r < factors; r++)
        {
            Assert.True(Math.Abs(expected[r] - x[(row * factors) + r]) < 1e-4 * scale, $"factor {r}: {x[(row * factors) + r]} against {expected[r]}");
        }
    }

    [Fact]
    public void RowRegularization_IsLambda_WhenTheExponentIsZero()
    {
        var plain = new AlsOptions { Regularization = 0.3f, UnobservedWeight = 0.5f };
        var scaled = plain with { RegularizationExponent = 1f };

        Assert.Equal(0.3f, plain.RowRegularization(17, 1000));
        Assert.Null(HalfIteration.RowLambdas(AlsTestMatrices.Random(3, 10, 2, 1), plain));
        Assert.Equal(0.3f * (17 + 500), scaled.RowRegularization(17, 1000), 3);
    }
}
