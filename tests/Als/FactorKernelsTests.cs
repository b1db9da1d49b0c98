using Recommender.Core.Als.Internals;

namespace Recommender.Tests.Als;

public class FactorKernelsTests
{
    [Theory]
    [InlineData(63, false)]
    [InlineData(63, true)]
    [InlineData(64, false)]
    [InlineData(64, true)]
    [InlineData(65, false)]
    [InlineData(65, true)]
    [InlineData(10, false)]
    [InlineData(10, true)]
    public void AccumulateSparse_MatchesADoublePrecisionReference_ForEveryRowLength(int factors, bool residual)
    {
        const int items = 200;
        float[] fixedFactors = AlsTestMatrices.Normal(items, factors, 0.3, 5);
        var random = new Random(6);
        float[] v = new float[factors];
        for (int k = 0; k < factors; k++)
        {
            v[k] = (float)(random.NextDouble() - 0.5);
        }

        // Lengths around the batch width exercise both the batched loop and the one-at-a-time tail.
        for (int length = 0; length <= 37; length++)
        {
            int[] columns = new int[length];
            float[] cm1 = new float[length];
            for (int n = 0; n < length; n++)
            {
                columns[n] = random.Next(items);
                cm1[n] = random.Next(6);
            }

            float[] start = new float[factors];
            for (int k = 0; k < factors; k++)
            {
                start[k] = (float)random.NextDouble();
            }

            float[] actual = (float[])start.Clone();
            FactorKernels.AccumulateSparse(columns, cm1, fixedFactors, v, actual, factors, residual);

            double[] expected = Array.ConvertAll(start, x => (double)x);
            for (int n = 0; n < length; n++)
            {
                double d = 0;
                for (int k = 0; k < factors; k++)
                {
                    d += (double)fixedFactors[(columns[n] * factors) + k] * v[k];
                }

                double w = residual ? 1 + cm1[n] - (cm1[n] * d) : cm1[n] * d;
                for (int k = 0; k < factors; k++)
                {
                    expected[k] += w * fixedFactors[(columns[n] * factors) + k];
                }
            }

            for (int k = 0; k < factors; k++)
            {
                Assert.True(Math.Abs(expected[k] - actual[k]) < 1e-4 * (1 + Math.Abs(expected[k])), $"length {length}, factor {k}: {actual[k]} instead of {expected[k]}");
            }
        }
    }
}
