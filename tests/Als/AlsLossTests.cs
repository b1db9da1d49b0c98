using Recommender.Core.Als;

namespace Recommender.Tests.Als;

public class AlsLossTests
{
    [Fact]
    public void Compute_MatchesTheBruteForceSumOverAllPairs()
    {
        CsrMatrix matrix = AlsTestMatrices.Random(12, 9, 3, 41);
        const int f = 5;
        var factors = new AlsFactors(12, 9, f, AlsTestMatrices.Normal(12, f, 0.5, 42), AlsTestMatrices.Normal(9, f, 0.5, 43));
        var options = new AlsOptions { Factors = f, Alpha = 2f, Regularization = 0.3f, Confidence = ConfidenceScaling.Log, Epsilon = 0.5f };

        double expected = 0d;
        for (int u = 0; u < 12; u++)
        {
            for (int i = 0; i < 9; i++)
            {
                double s = 0d;
                for (int k = 0; k < f; k++)
                {
                    s += factors.User(u)[k] * factors.Item(i)[k];
                }

                int at = matrix.RowColumns(u).IndexOf(i);
                double c = at >= 0 ? options.ConfidenceOf(matrix.RowValues(u)[at]) : 1d;
                double p = at >= 0 ? 1d : 0d;
                expected += c * (p - s) * (p - s);
            }
        }

        foreach (float v in factors.UserFactors)
        {
            expected += 0.3 * v * v;
        }

        foreach (float v in factors.ItemFactors)
        {
            expected += 0.3 * v * v;
        }

        Assert.Equal(expected, AlsLoss.Compute(matrix, factors, options), 4);
    }

    [Fact]
    public void Compute_RejectsFactorsOfAnotherShape()
    {
        CsrMatrix matrix = AlsTestMatrices.Random(4, 3, 2, 44);
        var factors = new AlsFactors(5, 3, 2, new float[10], new float[6]);

        Assert.Throws<ArgumentException>(() => AlsLoss.Compute(matrix, factors, new AlsOptions()));
    }
}
