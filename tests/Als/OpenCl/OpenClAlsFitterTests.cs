using System.Numerics.Tensors;
using Recommender.Core.Als;
using Recommender.Core.Als.OpenCl;

namespace Recommender.Tests.Als.OpenCl;

/// <summary>
/// The OpenCL fitter against the CPU fitter on random problems. Tolerances (largest absolute factor difference over
/// the largest factor): with CG run to convergence, 1e-4 after every iteration (measured about 1e-5, float rounding).
/// With the default 3 truncated CG steps, 1e-3 after iteration 1 and 3e-2 up to iteration 5 (measured 2e-4 and 1e-2):
/// a truncated CG solve amplifies the rounding differences of its input (different summation orders on the device),
/// so the two runs drift apart slowly while their loss stays within 1e-3.
/// </summary>
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
    [InlineData(ConfidenceScaling.Linear, 8, 20)]
    [InlineData(ConfidenceScaling.Log, 13, 30)]
    public void Fit_WithConvergedCgSteps_MatchesCpuFitterAfterEachIteration(ConfidenceScaling confidence, int factors, int steps) =>
        AssertMatchesCpu(confidence, factors, steps, iteration => 1e-4);

    [Theory]
    [InlineData(ConfidenceScaling.Linear, 8)]
    [InlineData(ConfidenceScaling.Log, 13)]
    [InlineData(ConfidenceScaling.Linear, 64)]
    public void Fit_WithDefaultCgSteps_StaysCloseToCpuFitterAfterEachIteration(ConfidenceScaling confidence, int factors) =>
        AssertMatchesCpu(confidence, factors, 3, iteration => iteration == 1 ? 1e-3 : 3e-2);

    [Fact]
    public void Fit_ComputeLoss_ReportsTheCpuFittersLossEachIteration()
    {
        CsrMatrix matrix = RandomInteractions.Create(users: 150, items: 90, perUser: 8, seed: 11);
        var options = new AlsOptions { Factors = 16, Iterations = 5, ComputeLoss = true, Seed = 5 };
        var cpuLosses = new List<double>();
        var gpuLosses = new List<double>();

        new CpuAlsFitter().Fit(matrix, options, new SynchronousProgress<AlsIterationReport>(r => cpuLosses.Add(r.Loss!.Value)));
        AlsFactors factors = new OpenClAlsFitter(OpenClTestDevice.First).Fit(matrix, options, new SynchronousProgress<AlsIterationReport>(r => gpuLosses.Add(r.Loss!.Value)));

        Assert.Equal(5, gpuLosses.Count);
        for (int i = 0; i < 5; i++)
        {
            Assert.True(Math.Abs(cpuLosses[i] - gpuLosses[i]) <= 1e-3 * cpuLosses[i], $"iteration {i + 1}: loss {gpuLosses[i]} on OpenCL, {cpuLosses[i]} on the CPU");
        }

        Assert.Equal(AlsLoss.Compute(matrix, factors, options), gpuLosses[^1], 6);
    }

    [Fact]
    public void Fit_ZeroIterations_ReturnsTheSeededInitialFactorsOfTheCpuFitter()
    {
        CsrMatrix matrix = RandomInteractions.Create(users: 20, items: 10, perUser: 3, seed: 4);
        var options = new AlsOptions { Factors = 6, Iterations = 0, Seed = 77 };

        AlsFactors cpu = new CpuAlsFitter().Fit(matrix, options);
        AlsFactors gpu = new OpenClAlsFitter(OpenClTestDevice.First).Fit(matrix, options);

        Assert.Equal(cpu.UserFactors, gpu.UserFactors);
        Assert.Equal(cpu.ItemFactors, gpu.ItemFactors);
    }

    [Fact]
    public void Fit_MatrixWithoutInteractions_MatchesCpuFitter()
    {
        CsrMatrix empty = CsrMatrix.FromCoordinates(4, 3, [], [], []);
        var options = new AlsOptions { Factors = 5, Iterations = 2 };

        AlsFactors cpu = new CpuAlsFitter().Fit(empty, options);
        AlsFactors gpu = new OpenClAlsFitter(OpenClTestDevice.First).Fit(empty, options);

        // Without interactions every row solves to zero; both end within float noise of it, the same on both sides.
        for (int i = 0; i < cpu.UserFactors.Length; i++)
        {
            Assert.True(Math.Abs(cpu.UserFactors[i] - gpu.UserFactors[i]) <= 1e-6, $"user factor {i}: CPU {cpu.UserFactors[i]:E3}, OpenCL {gpu.UserFactors[i]:E3}");
        }

        for (int i = 0; i < cpu.ItemFactors.Length; i++)
        {
            Assert.True(Math.Abs(cpu.ItemFactors[i] - gpu.ItemFactors[i]) <= 1e-6, $"item factor {i}: CPU {cpu.ItemFactors[i]:E3}, OpenCL {gpu.ItemFactors[i]:E3}");
        }
    }

    [Fact]
    public void Fit_CancelledToken_StopsWithOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => new OpenClAlsFitter(OpenClTestDevice.First).Fit(RandomInteractions.Create(10, 10, 3, seed: 1), new AlsOptions { Factors = 4 }, null, cancelled.Token));
    }

    private static void AssertMatchesCpu(ConfidenceScaling confidence, int factors, int steps, Func<int, double> tolerance)
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
            double users = RelativeDifference(expected.UserFactors, actual.UserFactors);
            double items = RelativeDifference(expected.ItemFactors, actual.ItemFactors);
            Assert.True(
                users <= tolerance(iterations) && items <= tolerance(iterations),
                $"iteration {iterations}: user factors differ by {users:E2}, item factors by {items:E2} of the largest factor (tolerance {tolerance(iterations):E0})");
        }
    }

    /// <summary>Largest absolute difference over the largest absolute expected value.</summary>
    private static double RelativeDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float[] difference = new float[expected.Length];
        TensorPrimitives.Subtract(expected, actual, difference);
        float worst = Math.Abs(TensorPrimitives.MaxMagnitude(difference));
        return worst / Math.Max(Math.Abs(TensorPrimitives.MaxMagnitude(expected)), 1e-30f);
    }
}
