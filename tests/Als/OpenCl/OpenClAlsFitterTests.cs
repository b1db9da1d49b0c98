using Recommender.Core.Als;
using Recommender.Core.Als.OpenCl;

namespace Recommender.Tests.Als.OpenCl;

public class OpenClAlsFitterTests
{
    [Fact]
    public void Fit_ReportsTheOpenClDevice()
    {
        var fitter = new OpenClAlsFitter(OpenClTestDevice.First);

        Assert.Equal("opencl", fitter.Device.Kind);
        Assert.False(string.IsNullOrWhiteSpace(fitter.Device.Name));
        Assert.True(fitter.Device.ComputeUnits > 0);
    }

    [Theory]
    [InlineData(ConfidenceScaling.Linear, 8, 3)]
    [InlineData(ConfidenceScaling.Linear, 8, 20)]
    [InlineData(ConfidenceScaling.Log, 13, 3)]
    public void Fit_MatchesCpuFitter_AfterEachIteration(ConfidenceScaling confidence, int factors, int steps)
    {
        CsrMatrix matrix = RandomInteractions.Create(users: 120, items: 70, perUser: 6, seed: 7);
        var options = new AlsOptions { Factors = factors, Confidence = confidence, Alpha = 2f, Regularization = 0.1f, CgSteps = steps, Seed = 3 };
        var gpu = new OpenClAlsFitter(OpenClTestDevice.First);
        var cpu = new CpuAlsFitter();

        for (int iterations = 1; iterations <= 5; iterations++)
        {
            AlsOptions run = options with { Iterations = iterations };
            AlsFactors expected = cpu.Fit(matrix, run);
            AlsFactors actual = gpu.Fit(matrix, run);
            double users = MaxRelativeDifference(expected.UserFactors, actual.UserFactors);
            double items = MaxRelativeDifference(expected.ItemFactors, actual.ItemFactors);
            double scores = MaxScoreDifference(expected, actual);
            Console.WriteLine($"steps {steps} iteration {iterations}: users {users:E2} items {items:E2} scores {scores:E2}");
            Assert.True(users < 1 && items < 1, $"iteration {iterations}: user factors differ by {users:E2}, item factors by {items:E2} (relative to the largest factor)");
        }
    }

    private static double MaxScoreDifference(AlsFactors expected, AlsFactors actual)
    {
        double worst = 0;
        for (int u = 0; u < expected.Users; u++)
        {
            for (int i = 0; i < expected.Items; i++)
            {
                double a = System.Numerics.Tensors.TensorPrimitives.Dot(expected.User(u), expected.Item(i));
                double b = System.Numerics.Tensors.TensorPrimitives.Dot(actual.User(u), actual.Item(i));
                worst = Math.Max(worst, Math.Abs(a - b));
            }
        }

        return worst;
    }

    private static double MaxRelativeDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        return worst / Math.Max(scale, 1e-30);
    }
}
