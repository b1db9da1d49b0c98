using System.Numerics.Tensors;
using Recommender.Core.Als;
using Recommender.Core.Als.Gpu;
using Recommender.Core.Data;

namespace Recommender.Tests.Als.Gpu;

/// <summary>
/// The ILGPU kernels (on ILGPU's CPU accelerator) against the CPU solver on random systems. Tolerance: largest absolute
/// factor difference over the largest factor. With CG run to convergence, 1e-4 after each of 3 iterations (float
/// rounding of different summation orders). With the default 3 truncated CG steps, 1e-3 after iteration 1 and 3e-2 after
/// iteration 3: a truncated CG solve amplifies the rounding differences of its input, so the runs drift apart slowly.
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public class GpuAlsFitterTests
{
    [Theory]
    [InlineData(1f, 1f)]
    [InlineData(0f, 0.5f)]
    public void Fit_RefusesScaledRegularizationAndUnobservedWeight_InOneLine(float exponent, float unobserved)
    {
        var options = new AlsOptions { Factors = 4, Iterations = 1, RegularizationExponent = exponent, UnobservedWeight = unobserved };
        IAlsFitter fitter = IlgpuCpuDevice.Fitter();

        var error = Assert.Throws<NotSupportedException>(() => fitter.Fit(RandomInteractions.Create(10, 8, 3, 1), options));
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("--device cpu", error.Message, StringComparison.Ordinal);
        Assert.False(fitter.SupportsScaledRegularization);
    }

    [Fact]
    public void Fit_ReportsTheIlgpuCpuDevice()
    {
        ComputeDeviceInfo device = IlgpuCpuDevice.Fitter().Device;

        Assert.Equal("ilgpu-cpu", device.Kind);
        Assert.True(device.ComputeUnits > 0);
    }

    [Theory]
    [InlineData(ConfidenceScaling.Linear, 8, 20)]
    [InlineData(ConfidenceScaling.Log, 13, 30)]
    public void Fit_WithConvergedCgSteps_MatchesCpuFitterAfterEachIteration(ConfidenceScaling confidence, int factors, int steps) =>
        AssertMatchesCpu(confidence, factors, steps, iteration => 1e-4);

    [Theory]
    [InlineData(ConfidenceScaling.Linear, 8)]
    [InlineData(ConfidenceScaling.Linear, 64)]
    public void Fit_WithDefaultCgSteps_StaysCloseToCpuFitterAfterEachIteration(ConfidenceScaling confidence, int factors) =>
        AssertMatchesCpu(confidence, factors, 3, iteration => iteration == 1 ? 1e-3 : 3e-2);

    [Fact]
    public void Fit_ItemRowsOfHundredsToThousandsOfNonzeros_StayCloseToCpuFitter()
    {
        // 80 items for 4,000 users: the item rows are long enough that the warps of a group split them pair by pair.
        CsrMatrix matrix = PowerLawMatrixGenerator.Generate(4000, 80, 16_000, seed: 3, threads: 1);
        var options = new AlsOptions { Factors = 8, Alpha = 2f, Regularization = 0.1f, CgSteps = 3, Iterations = 1, Seed = 3 };

        AlsFactors expected = new CpuAlsFitter().Fit(matrix, options);
        AlsFactors actual = IlgpuCpuDevice.Fitter().Fit(matrix, options);

        CsrMatrix itemUsers = matrix.Transpose();
        int longest = 0;
        for (int item = 0; item < itemUsers.Rows; item++)
        {
            longest = Math.Max(longest, itemUsers.RowPointers[item + 1] - itemUsers.RowPointers[item]);
        }

        Assert.True(longest >= 1000, $"the longest item row has {longest} nonzeros");
        double users = RelativeDifference(expected.UserFactors, actual.UserFactors);
        double items = RelativeDifference(expected.ItemFactors, actual.ItemFactors);
        Assert.True(users <= 1e-3 && items <= 1e-3, $"user factors differ by {users:E2}, item factors by {items:E2} of the largest factor (tolerance 1E-003)");
    }

    [Fact]
    public void Fit_SameSeedTwice_GivesIdenticalFactors()
    {
        CsrMatrix matrix = RandomInteractions.Create(users: 60, items: 40, perUser: 5, seed: 21);
        var options = new AlsOptions { Factors = 16, Iterations = 3, Seed = 9 };

        AlsFactors first = IlgpuCpuDevice.Fitter().Fit(matrix, options);
        AlsFactors second = IlgpuCpuDevice.Fitter().Fit(matrix, options);

        Assert.Equal(first.UserFactors, second.UserFactors);
        Assert.Equal(first.ItemFactors, second.ItemFactors);
    }

    [Fact]
    public void Fit_ZeroIterations_ReturnsTheSeededInitialFactorsOfTheCpuFitter()
    {
        CsrMatrix matrix = RandomInteractions.Create(users: 20, items: 10, perUser: 3, seed: 4);
        var options = new AlsOptions { Factors = 6, Iterations = 0, Seed = 77 };

        AlsFactors cpu = new CpuAlsFitter().Fit(matrix, options);
        AlsFactors gpu = IlgpuCpuDevice.Fitter().Fit(matrix, options);

        Assert.Equal(cpu.UserFactors, gpu.UserFactors);
        Assert.Equal(cpu.ItemFactors, gpu.ItemFactors);
    }

    [Fact]
    public void Fit_ComputeLoss_ReportsTheCpuFittersLossEachIteration()
    {
        CsrMatrix matrix = RandomInteractions.Create(users: 80, items: 50, perUser: 6, seed: 11);
        var options = new AlsOptions { Factors = 8, Iterations = 3, ComputeLoss = true, Seed = 5 };
        var cpuLosses = new List<double>();
        var gpuLosses = new List<double>();

        new CpuAlsFitter().Fit(matrix, options, new SynchronousProgress<AlsIterationReport>(r => cpuLosses.Add(r.Loss!.Value)));
        IlgpuCpuDevice.Fitter().Fit(matrix, options, new SynchronousProgress<AlsIterationReport>(r => gpuLosses.Add(r.Loss!.Value)));

        Assert.Equal(3, gpuLosses.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(cpuLosses[i] - gpuLosses[i]) <= 1e-3 * cpuLosses[i], $"iteration {i + 1}: loss {gpuLosses[i]} on ILGPU, {cpuLosses[i]} on the CPU");
        }
    }

    [Fact]
    public void Fit_NonFiniteInput_ThrowsDivergedLikeTheCpuFitter()
    {
        CsrMatrix matrix = CsrMatrix.FromCoordinates(3, 3, [0, 1, 2], [0, 1, 2], [1f, float.NaN, 1f]);
        var options = new AlsOptions { Factors = 4, Iterations = 2 };

        var error = Assert.Throws<AlsDivergedException>(() => IlgpuCpuDevice.Fitter().Fit(matrix, options));

        Assert.Contains("user half of iteration 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_MatrixWithoutInteractions_SolvesEveryRowToZeroLikeTheCpuFitter()
    {
        CsrMatrix empty = CsrMatrix.FromCoordinates(4, 3, [], [], []);
        var options = new AlsOptions { Factors = 5, Iterations = 2 };

        AlsFactors cpu = new CpuAlsFitter().Fit(empty, options);
        AlsFactors gpu = IlgpuCpuDevice.Fitter().Fit(empty, options);

        Assert.True(RelativeDifference(cpu.UserFactors, gpu.UserFactors) <= 1e-3 || Math.Abs(TensorPrimitives.MaxMagnitude(gpu.UserFactors)) <= 1e-6);
        Assert.True(Math.Abs(TensorPrimitives.MaxMagnitude(gpu.ItemFactors)) <= 1e-6);
    }

    [Fact]
    public void Fit_CholeskySolver_IsRefusedWithOneLine()
    {
        var error = Assert.Throws<NotSupportedException>(
            () => IlgpuCpuDevice.Fitter().Fit(RandomInteractions.Create(5, 5, 2, seed: 1), new AlsOptions { Factors = 4, Solver = AlsSolverKind.Cholesky }));

        Assert.Contains("--device cpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_CancelledToken_StopsWithOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => IlgpuCpuDevice.Fitter().Fit(RandomInteractions.Create(10, 10, 3, seed: 1), new AlsOptions { Factors = 4 }, null, cancelled.Token));
    }

    [Fact]
    public void Fit_ProblemLargerThanDeviceMemory_FailsWithOneLineBeforeAllocating()
    {
        var small = new GpuAlsFitter(IlgpuCpuDevice.Info with { MemoryBytes = 1 << 20 });

        var error = Assert.Throws<NotSupportedException>(() => small.Fit(RandomInteractions.Create(4000, 1000, 5, seed: 2), new AlsOptions { Factors = 64, Iterations = 1 }));

        Assert.StartsWith("Out of device memory:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static void AssertMatchesCpu(ConfidenceScaling confidence, int factors, int steps, Func<int, double> tolerance)
    {
        CsrMatrix matrix = RandomInteractions.Create(users: 60, items: 40, perUser: 5, seed: 7);
        var options = new AlsOptions { Factors = factors, Confidence = confidence, Alpha = 2f, Regularization = 0.1f, CgSteps = steps, Seed = 3 };
        GpuAlsFitter gpu = IlgpuCpuDevice.Fitter();
        var cpu = new CpuAlsFitter();

        for (int iterations = 1; iterations <= 3; iterations++)
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
    internal static double RelativeDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float[] difference = new float[expected.Length];
        TensorPrimitives.Subtract(expected, actual, difference);
        float worst = Math.Abs(TensorPrimitives.MaxMagnitude(difference));
        return worst / Math.Max(Math.Abs(TensorPrimitives.MaxMagnitude(expected)), 1e-30f);
    }
}
