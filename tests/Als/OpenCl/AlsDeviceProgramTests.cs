using MathNet.Numerics.LinearAlgebra;
using Recommender.Core.Als;
using Recommender.Core.Als.OpenCl;

namespace Recommender.Tests.Als.OpenCl;

public class AlsDeviceProgramTests
{
    private const float Lambda = 0.1f;

    [Theory]
    [InlineData(13, 50)]
    [InlineData(64, 3000)]
    public void ComputeGram_MatchesHostProductPlusLambda(int factors, int rows)
    {
        float[] y = RandomFactors(rows, factors, seed: 1);
        using OpenClContext context = OpenClContext.Create(OpenClTestDevice.First);
        using AlsDeviceProgram program = AlsDeviceProgram.Build(context, AlsKernelSource.Text, factors);
        using OpenClBuffer yBuffer = context.Upload<float>(y, "y");
        using OpenClBuffer partial = context.CreateBuffer(4 * program.PartialFloats(rows), "partial");
        using OpenClBuffer gramBuffer = context.CreateBuffer(4L * factors * factors, "gram");

        program.ComputeGram(yBuffer, rows, Lambda, partial, gramBuffer);
        float[] gram = new float[factors * factors];
        context.Read<float>(gramBuffer, gram);

        for (int a = 0; a < factors; a++)
        {
            for (int c = 0; c < factors; c++)
            {
                double expected = a == c ? Lambda : 0;
                double magnitude = 0;
                for (int n = 0; n < rows; n++)
                {
                    double term = (double)y[(n * factors) + a] * y[(n * factors) + c];
                    expected += term;
                    magnitude += Math.Abs(term);
                }

                // Float sums of many terms carry rounding in proportion to the sum of the terms' magnitudes.
                Assert.True(Math.Abs(gram[(a * factors) + c] - expected) <= 1e-6 * Math.Max(1, magnitude), $"G[{a},{c}] = {gram[(a * factors) + c]}, expected {expected}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SolveRows_MatchesDoublePrecisionConjugateGradient_StepByStep(int steps)
    {
        RowProblem problem = RowProblem.Create(factors: 16, users: 40, items: 30, seed: steps);
        float[] solved = problem.SolveOnDevice(steps);

        for (int u = 0; u < problem.Users; u++)
        {
            double[] expected = problem.ReferenceCg(u, steps);
            AssertRowClose(expected, solved.AsSpan(u * problem.Factors, problem.Factors), 1e-4, $"row {u}, {steps} CG steps");
        }
    }

    [Fact]
    public void SolveRows_WithManySteps_ReachesTheExactCholeskySolution()
    {
        RowProblem problem = RowProblem.Create(factors: 12, users: 30, items: 25, seed: 9);
        float[] solved = problem.SolveOnDevice(steps: 40);

        for (int u = 0; u < problem.Users; u++)
        {
            Vector<double> exact = problem.System(u, out Vector<double> rhs).Cholesky().Solve(rhs);
            AssertRowClose(exact.ToArray(), solved.AsSpan(u * problem.Factors, problem.Factors), 1e-3, $"row {u}");
        }
    }

    private static void AssertRowClose(double[] expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        double scale = 0;
        double worst = 0;
        for (int k = 0; k < expected.Length; k++)
        {
            scale = Math.Max(scale, Math.Abs(expected[k]));
            worst = Math.Max(worst, Math.Abs(expected[k] - actual[k]));
        }

        Assert.True(worst <= tolerance * Math.Max(scale, 1), $"{what}: largest difference {worst:E2} against a largest entry of {scale:E2}");
    }

    private static float[] RandomFactors(int rows, int factors, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * factors];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }

    /// <summary>One half-iteration's row systems: fixed item factors Y, a user-item matrix and warm starts X0.</summary>
    private sealed class RowProblem
    {
        private readonly CsrMatrix _matrix;
        private readonly float[] _confidenceMinusOne;
        private readonly float[] _y;
        private readonly float[] _x0;

        private RowProblem(CsrMatrix matrix, float[] confidenceMinusOne, float[] y, float[] x0, int factors)
        {
            _matrix = matrix;
            _confidenceMinusOne = confidenceMinusOne;
            _y = y;
            _x0 = x0;
            Factors = factors;
        }

        public int Factors { get; }

        public int Users => _matrix.Rows;

        public static RowProblem Create(int factors, int users, int items, int seed)
        {
            CsrMatrix matrix = RandomInteractions.Create(users, items, perUser: 5, seed);
            float[] cm1 = CpuAlsFitter.ConfidenceMinusOne(matrix.Values, new AlsOptions { Alpha = 1.5f });
            float[] y = RandomFactors(items, factors, seed + 100);
            float[] x0 = RandomFactors(users, factors, seed + 200);
            return new RowProblem(matrix, cm1, y, x0, factors);
        }

        public float[] SolveOnDevice(int steps)
        {
            using OpenClContext context = OpenClContext.Create(OpenClTestDevice.First);
            using AlsDeviceProgram program = AlsDeviceProgram.Build(context, AlsKernelSource.Text, Factors);
            using DeviceCsr csr = DeviceCsr.Upload(context, _matrix, _confidenceMinusOne, "matrix");
            using OpenClBuffer y = context.Upload<float>(_y, "y");
            using OpenClBuffer x = context.Upload<float>(_x0, "x");
            using OpenClBuffer partial = context.CreateBuffer(4 * program.PartialFloats(_matrix.Columns), "partial");
            using OpenClBuffer gram = context.CreateBuffer(4L * Factors * Factors, "gram");
            using OpenClBuffer weights = context.CreateBuffer(4L * _matrix.NonZeros, "weights");
            program.ComputeGram(y, _matrix.Columns, Lambda, partial, gram);
            program.SolveRows(csr, y, x, gram, weights, steps);
            var result = new float[_x0.Length];
            context.Read<float>(x, result);
            return result;
        }

        /// <summary>Row u's system A = Y^T C_u Y + lambda I and right-hand side b = Y^T C_u p_u, in double.</summary>
        public Matrix<double> System(int u, out Vector<double> rhs)
        {
            int f = Factors;
            Matrix<double> a = Matrix<double>.Build.DenseIdentity(f) * Lambda;
            rhs = Vector<double>.Build.Dense(f);
            for (int i = 0; i < _matrix.Columns; i++)
            {
                double c = 1;
                for (int n = _matrix.RowPointers[u]; n < _matrix.RowPointers[u + 1]; n++)
                {
                    if (_matrix.ColumnIndices[n] == i)
                    {
                        c = 1 + _confidenceMinusOne[n];
                        for (int k = 0; k < f; k++)
                        {
                            rhs[k] += c * _y[(i * f) + k];
                        }
                    }
                }

                for (int r = 0; r < f; r++)
                {
                    for (int k = 0; k < f; k++)
                    {
                        a[r, k] += c * _y[(i * f) + r] * _y[(i * f) + k];
                    }
                }
            }

            return a;
        }

        /// <summary>Plain conjugate gradient in double from the warm start, the textbook recurrence the kernel follows.</summary>
        public double[] ReferenceCg(int u, int steps)
        {
            Matrix<double> a = System(u, out Vector<double> b);
            Vector<double> x = Vector<double>.Build.Dense(Factors, k => _x0[(u * Factors) + k]);
            Vector<double> r = b - (a * x);
            Vector<double> p = r.Clone();
            double rsOld = r.DotProduct(r);
            for (int step = 0; step < steps && rsOld >= 1e-20; step++)
            {
                Vector<double> ap = a * p;
                double alpha = rsOld / p.DotProduct(ap);
                x += alpha * p;
                r -= alpha * ap;
                double rsNew = r.DotProduct(r);
                if (rsNew < 1e-20)
                {
                    break;
                }

                p = r + (rsNew / rsOld * p);
                rsOld = rsNew;
            }

            return x.ToArray();
        }
    }
}
