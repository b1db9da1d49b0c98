using Recommender.Core.Als.Internals;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Als;

/// <summary>
/// The AVX2 kernels called directly (the dispatch picks AVX-512 where the CPU has it), against the portable
/// TensorPrimitives kernels and double-precision sums on seeded random data.
/// </summary>
public class Vector256Kernels64Tests
{
    private const int F = 64;
    private const int Items = 300;

    [Avx2FmaTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void AccumulateSparse_MatchesThePortableKernel_ForEveryRowLengthAroundTheBatch(bool residual)
    {
        float[] fixedFactors = AlsTestMatrices.Normal(Items, F, 0.3, 5);
        var random = new Random(6);
        float[] v = RandomVector(random, F);

        // 0-37 covers empty rows, rows shorter than a batch and every tail length; 5000 passes the long-row prefetch.
        int[] lengths = [.. Enumerable.Range(0, 38), 5000];
        foreach (int length in lengths)
        {
            (int[] columns, float[] cm1) = RandomRow(random, length);
            float[] start = RandomVector(random, F);
            float[] actual = (float[])start.Clone();
            float[] portable = (float[])start.Clone();

            Vector256Kernels64.AccumulateSparse(columns, cm1, fixedFactors, v, actual, residual);
            PortableFactorKernels.AccumulateSparse(columns, cm1, fixedFactors, v, portable, F, residual);

            double[] exact = Array.ConvertAll(start, x => (double)x);
            for (int n = 0; n < length; n++)
            {
                double d = 0;
                for (int k = 0; k < F; k++)
                {
                    d += (double)fixedFactors[(columns[n] * F) + k] * v[k];
                }

                double w = residual ? 1 + cm1[n] - (cm1[n] * d) : cm1[n] * d;
                for (int k = 0; k < F; k++)
                {
                    exact[k] += w * fixedFactors[(columns[n] * F) + k];
                }
            }

            AssertClose(exact, actual, 1e-4, $"length {length} against double precision");
            AssertClose(Array.ConvertAll(portable, x => (double)x), actual, 1e-4, $"length {length} against the portable kernel");
        }
    }

    [Avx2FmaTheory]
    [InlineData(1f)]
    [InlineData(-1f)]
    public void GramTimes_MatchesThePortableKernel(float sign)
    {
        float[] gram = SymmetricMatrix(11);
        float[] v = RandomVector(new Random(12), F);
        float[] actual = new float[F];
        float[] expected = new float[F];

        Vector256Kernels64.GramTimes(gram, v, actual, sign);
        PortableFactorKernels.GramTimes(gram, v, expected, sign, F);

        AssertClose(Array.ConvertAll(expected, x => (double)x), actual, 1e-5, "gram * v");
    }

    [Avx2FmaFact]
    public void DotAndMultiplyAdd_MatchThePortableKernels()
    {
        var random = new Random(21);
        for (int trial = 0; trial < 20; trial++)
        {
            float[] a = RandomVector(random, F);
            float[] b = RandomVector(random, F);
            float s = (float)(random.NextDouble() - 0.5) * 4;

            float dot = Vector256Kernels64.Dot(a, b);
            float expectedDot = PortableFactorKernels.Dot(a, b, F);
            Assert.True(Math.Abs(dot - expectedDot) < 1e-5 * (1 + Math.Abs(expectedDot)), $"trial {trial}: dot {dot} instead of {expectedDot}");

            float[] actual = new float[F];
            float[] expected = new float[F];
            Vector256Kernels64.MultiplyAdd(a, s, b, actual);
            PortableFactorKernels.MultiplyAdd(a, s, b, expected, F);
            AssertClose(Array.ConvertAll(expected, x => (double)x), actual, 1e-6, $"trial {trial}: a * s + b");
        }
    }

    [Avx2FmaFact]
    public void MultiplyAdd_MayWriteOverItsOwnInput()
    {
        // The CG updates call it as x = p * alpha + x.
        float[] p = RandomVector(new Random(22), F);
        float[] x = RandomVector(new Random(23), F);
        float[] expected = new float[F];
        PortableFactorKernels.MultiplyAdd(p, 0.5f, x, expected, F);

        Vector256Kernels64.MultiplyAdd(p, 0.5f, x, x);

        AssertClose(Array.ConvertAll(expected, e => (double)e), x, 1e-6, "in place");
    }

    [Avx2FmaFact]
    public void AccumulateGram_EqualsRowOrderFusedMultiplyAdds_BitForBit_AndThePortableKernelToRounding()
    {
        const int rows = 1100;
        float[] y = AlsTestMatrices.Normal(rows, F, 0.2, 31);
        float[] start = SymmetricMatrix(32);
        float[] actual = (float[])start.Clone();
        float[] portable = (float[])start.Clone();

        Vector256Kernels64.AccumulateGram(y, 17, rows, actual);
        PortableFactorKernels.AccumulateGram(y, 17, rows, portable, F);

        // Each element adds its products in row order with one rounding per row, like the AVX-512 kernel.
        float[] fused = (float[])start.Clone();
        for (int n = 17; n < rows; n++)
        {
            for (int a = 0; a < F; a++)
            {
                for (int b = 0; b < F; b++)
                {
                    fused[(a * F) + b] = MathF.FusedMultiplyAdd(y[(n * F) + a], y[(n * F) + b], fused[(a * F) + b]);
                }
            }
        }

        Assert.Equal(fused, actual);
        AssertClose(Array.ConvertAll(portable, x => (double)x), actual, 1e-5, "Gram block");
    }

    [Avx512Fact]
    public void AccumulateGram_AgreesWithTheAvx512Kernel_BitForBit()
    {
        float[] y = AlsTestMatrices.Normal(700, F, 0.2, 33);
        float[] wide = new float[F * F];
        float[] narrow = new float[F * F];

        Vector512Kernels64.AccumulateGram(y, 0, 700, wide);
        Vector256Kernels64.AccumulateGram(y, 0, 700, narrow);

        Assert.Equal(wide, narrow);
    }

    [Avx512Fact]
    public void AccumulateSparse_AgreesWithTheAvx512Kernel_ToFloatRounding()
    {
        float[] fixedFactors = AlsTestMatrices.Normal(Items, F, 0.3, 34);
        var random = new Random(35);
        float[] v = RandomVector(random, F);
        foreach (int length in (int[])[1, 8, 13, 370])
        {
            (int[] columns, float[] cm1) = RandomRow(random, length);
            float[] wide = RandomVector(random, F);
            float[] narrow = (float[])wide.Clone();

            Vector512Kernels64.AccumulateSparse(columns, cm1, fixedFactors, v, wide, residual: false);
            Vector256Kernels64.AccumulateSparse(columns, cm1, fixedFactors, v, narrow, residual: false);

            AssertClose(Array.ConvertAll(wide, x => (double)x), narrow, 1e-5, $"length {length}");
        }
    }

    [Avx2FmaFact]
    public void AccumulateSystem_MatchesThePortableKernel_OnTheLowerTriangle_AndKeepsTheUpperSymmetricToRounding()
    {
        var random = new Random(41);
        float[] fixedFactors = AlsTestMatrices.Normal(Items, F, 0.3, 42);

        // 300 nonzeros span three blocks of 128; some confidences are 0, which the portable kernel skips.
        (int[] columns, float[] cm1) = RandomRow(random, 300);
        float[] start = SymmetricMatrix(43);
        float[] actual = (float[])start.Clone();
        float[] portable = (float[])start.Clone();

        Vector256Kernels64.AccumulateSystem(actual, columns, cm1, fixedFactors);
        PortableFactorKernels.AccumulateSystem(portable, columns, cm1, fixedFactors, F);

        for (int a = 0; a < F; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                float expected = portable[(a * F) + b];
                float got = actual[(a * F) + b];
                Assert.True(Math.Abs(expected - got) < 1e-4 * (1 + Math.Abs(expected)), $"A[{a},{b}] = {got}, expected {expected}");
                // c y_a y_b and c y_b y_a round c y differently, so the mirror agrees to rounding, not bit for bit.
                Assert.True(Math.Abs(got - actual[(b * F) + a]) < 1e-5 * (1 + Math.Abs(got)), $"A[{b},{a}] = {actual[(b * F) + a]}, A[{a},{b}] = {got}");
            }
        }
    }

    [Avx2FmaFact]
    public void Kernels_RejectShortBuffers_InsteadOfReadingPastThem()
    {
        float[] small = new float[63];
        float[] square = new float[F * F];
        float[] row = new float[F];

        Assert.Throws<ArgumentException>(() => Vector256Kernels64.GramTimes(square, small, row, 1f));
        Assert.Throws<ArgumentException>(() => Vector256Kernels64.GramTimes(new float[(F * F) - 1], row, row, 1f));
        Assert.Throws<ArgumentException>(() => Vector256Kernels64.AccumulateSparse([0], [1f], square, small, row, residual: true));
        Assert.Throws<ArgumentException>(() => Vector256Kernels64.AccumulateGram(square, 0, 65, new float[F * F]));
        Assert.Throws<ArgumentException>(() => Vector256Kernels64.AccumulateSystem(new float[(F * F) - 1], [0], [1f], square));
        Assert.ThrowsAny<ArgumentException>(() => Vector256Kernels64.Dot(small, row));
    }

    private static (int[] Columns, float[] ConfidenceMinusOne) RandomRow(Random random, int length)
    {
        int[] columns = new int[length];
        float[] cm1 = new float[length];
        for (int n = 0; n < length; n++)
        {
            columns[n] = random.Next(Items);
            cm1[n] = random.Next(6);
        }

        return (columns, cm1);
    }

    private static float[] RandomVector(Random random, int length)
    {
        float[] v = new float[length];
        for (int k = 0; k < length; k++)
        {
            v[k] = (float)(random.NextDouble() - 0.5);
        }

        return v;
    }

    private static float[] SymmetricMatrix(int seed)
    {
        float[] m = AlsTestMatrices.Normal(F, F, 1.0, seed);
        for (int a = 0; a < F; a++)
        {
            for (int b = 0; b < a; b++)
            {
                m[(b * F) + a] = m[(a * F) + b];
            }
        }

        return m;
    }

    private static void AssertClose(double[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) < tolerance * (1 + Math.Abs(expected[k])), $"{what}, element {k}: {actual[k]} instead of {expected[k]}");
        }
    }
}
