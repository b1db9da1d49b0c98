using Recommender.Core.Als.Internals;

namespace Recommender.Tests.Als;

public class GramMatrixTests
{
    [Theory]
    [InlineData(63, 1100)]
    [InlineData(64, 2500)]
    [InlineData(65, 1100)]
    [InlineData(7, 1030)]
    public void Compute_MatchesTheNaiveProduct_AndIgnoresTheThreadCount(int f, int rows)
    {
        float[] y = AlsTestMatrices.Normal(rows, f, 0.2, 51);
        var builder = new GramMatrix(f, rows);
        float[] one = new float[f * f];
        float[] three = new float[f * f];

        builder.Compute(y, rows, 0.5f, one, 1, CancellationToken.None);
        builder.Compute(y, rows, 0.5f, three, 3, CancellationToken.None);

        Assert.Equal(one, three);
        for (int a = 0; a < f; a++)
        {
            for (int b = 0; b < f; b++)
            {
                double expected = a == b ? 0.5 : 0d;
                for (int n = 0; n < rows; n++)
                {
                    expected += (double)y[(n * f) + a] * y[(n * f) + b];
                }

                Assert.True(Math.Abs(expected - one[(a * f) + b]) < 1e-5 * (1 + Math.Abs(expected)), $"G[{a},{b}] = {one[(a * f) + b]}, expected {expected}");
            }
        }
    }
}
