using Recommender.Core.Serving;

namespace Recommender.Tests.Serving;

public class QuantizedItemFactorsTests
{
    [Theory]
    [InlineData(27, 64)]
    [InlineData(13, 37)]
    [InlineData(1, 3)]
    public void Codes_ReconstructEachItemWithinItsStoredErrorNorm(int items, int factors)
    {
        var random = new Random(items * factors);
        float[] y = Enumerable.Range(0, items * factors).Select(_ => (float)(random.NextDouble() - 0.5) * 4).ToArray();
        y[0] = 0;

        var q = new QuantizedItemFactors(y, items, factors);

        Assert.Equal((items + 7) / 8, q.Blocks);
        Assert.Equal(2 * ((factors + 7) / 8), q.Groups);
        int blockBytes = q.Groups * QuantizedItemFactors.GroupFactors * QuantizedItemFactors.BlockItems;
        for (int i = 0; i < items; i++)
        {
            double error = 0;
            long codeSum = 0;
            for (int k = 0; k < factors; k++)
            {
                int at = ((i / 8) * blockBytes) + ((k / 4) * 32) + ((i % 8) * 4) + (k % 4);
                sbyte code = q.Codes[at];
                Assert.InRange(code, -127, 127);
                codeSum += code;
                double residual = y[(i * factors) + k] - ((double)q.Scales[i] * code);
                Assert.True(Math.Abs(residual) <= (q.Scales[i] / 2) + 1e-6, $"item {i} factor {k}: residual {residual}");
                error += residual * residual;
            }

            Assert.True(Math.Sqrt(error) <= q.ErrorNorms[i], $"item {i}: error {Math.Sqrt(error)} > stored {q.ErrorNorms[i]}");
            Assert.Equal(codeSum, (long)q.CodeSums[i]);
        }

        // Padding lanes of the last block carry no codes.
        for (int lane = items; lane < q.Blocks * 8; lane++)
        {
            Assert.Equal(0f, q.Scales[lane]);
        }
    }

    [Fact]
    public void Constructor_RejectsAMatrixOfTheWrongSize()
    {
        Assert.Throws<ArgumentException>(() => new QuantizedItemFactors(new float[10], 3, 4));
    }
}
