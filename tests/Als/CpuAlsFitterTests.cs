using Recommender.Core.Als;

namespace Recommender.Tests.Als;

public class CpuAlsFitterTests
{
    [Fact]
    public void Fit_WithConvergedConjugateGradient_GivesTheCholeskyFactors()
    {
        CsrMatrix matrix = AlsTestMatrices.Random(60, 40, 8, 11);
        var cg = new AlsOptions { Factors = 8, Iterations = 4, CgSteps = 40, Threads = 1 };
        var exact = cg with { Solver = AlsSolverKind.Cholesky };

        AlsFactors a = new CpuAlsFitter().Fit(matrix, cg);
        AlsFactors b = new CpuAlsFitter().Fit(matrix, exact);

        double scale = AlsTestMatrices.MaxAbs(b.UserFactors);
        Assert.True(AlsTestMatrices.MaxAbsDifference(a.UserFactors, b.UserFactors) < 1e-3 * scale);
        Assert.True(AlsTestMatrices.MaxAbsDifference(a.ItemFactors, b.ItemFactors) < 1e-3 * AlsTestMatrices.MaxAbs(b.ItemFactors));
    }

    [Fact]
    public void Fit_WithDefaultThreeCgSteps_ReachesALossCloseToTheExactSolver()
    {
        CsrMatrix matrix = AlsTestMatrices.Random(200, 120, 10, 12);
        var cg = new AlsOptions { Factors = 16, Iterations = 10, Threads = 2 };
        var exact = cg with { Solver = AlsSolverKind.Cholesky };

        double cgLoss = AlsLoss.Compute(matrix, new CpuAlsFitter().Fit(matrix, cg), cg);
        double exactLoss = AlsLoss.Compute(matrix, new CpuAlsFitter().Fit(matrix, exact), exact);

        Assert.True(cgLoss < exactLoss * 1.02, $"CG loss {cgLoss} vs exact {exactLoss}");
    }

    [Fact]
    public void Loss_DecreasesMonotonically_WithTheExactSolver()
    {
        CsrMatrix matrix = AlsTestMatrices.Random(150, 80, 10, 13);
        var options = new AlsOptions { Factors = 12, Iterations = 8, Solver = AlsSolverKind.Cholesky, ComputeLoss = true, Threads = 2 };
        var losses = new List<double>();

        new CpuAlsFitter().Fit(matrix, options, new SynchronousProgress<AlsIterationReport>(r => losses.Add(r.Loss!.Value)));

        Assert.Equal(8, losses.Count);
        for (int k = 1; k < losses.Count; k++)
        {
            Assert.True(losses[k] <= losses[k - 1] * (1 + 1e-6), $"loss rose from {losses[k - 1]} to {losses[k]} at iteration {k + 1}");
        }

        Assert.True(losses[^1] < losses[0]);
    }

    [Fact]
    public void Fit_ReconstructsASeededLowRankMatrix()
    {
        // Three user groups, each liking its own third of the items: a rank-3 preference pattern with some pairs left out.
        const int users = 90;
        const int items = 60;
        var random = new Random(5);
        var rows = new List<int>();
        var cols = new List<int>();
        var heldOut = new List<(int User, int Item)>();
        for (int u = 0; u < users; u++)
        {
            int group = u % 3;
            for (int i = group * 20; i < (group + 1) * 20; i++)
            {
                if (random.NextDouble() < 0.7)
                {
                    rows.Add(u);
                    cols.Add(i);
                }
                else
                {
                    heldOut.Add((u, i));
                }
            }
        }

        var values = new float[rows.Count];
        Array.Fill(values, 1f);
        CsrMatrix matrix = CsrMatrix.FromCoordinates(users, items, rows.ToArray(), cols.ToArray(), values);
        AlsFactors factors = new CpuAlsFitter().Fit(matrix, new AlsOptions { Factors = 8, Iterations = 15, Alpha = 10f, Threads = 2 });

        double inGroup = 0d;
        double outOfGroup = 0d;
        int outCount = 0;
        for (int u = 0; u < users; u++)
        {
            for (int i = 0; i < items; i++)
            {
                if (i / 20 != u % 3)
                {
                    outOfGroup += Score(factors, u, i);
                    outCount++;
                }
            }
        }

        foreach ((int u, int i) in heldOut)
        {
            inGroup += Score(factors, u, i);
        }

        inGroup /= heldOut.Count;
        outOfGroup /= outCount;

        // Held-out in-group pairs were never observed, yet score far above out-of-group pairs.
        Assert.True(inGroup > 0.5, $"held-out in-group mean score {inGroup}");
        Assert.True(Math.Abs(outOfGroup) < 0.1, $"out-of-group mean score {outOfGroup}");
        for (int u = 0; u < users; u++)
        {
            Assert.Equal(u % 3, TopItem(factors, u) / 20);
        }
    }

    [Theory]
    [InlineData(64, AlsSolverKind.ConjugateGradient)]
    [InlineData(10, AlsSolverKind.ConjugateGradient)]
    [InlineData(10, AlsSolverKind.Cholesky)]
    public void Fit_GivesBitIdenticalFactors_ForOneTwoAndThreeThreads(int factorCount, AlsSolverKind solver)
    {
        CsrMatrix matrix = AlsTestMatrices.Random(1500, 400, 15, 21);
        var options = new AlsOptions { Factors = factorCount, Iterations = 2, Solver = solver, Threads = 1 };

        AlsFactors one = new CpuAlsFitter().Fit(matrix, options);
        AlsFactors two = new CpuAlsFitter().Fit(matrix, options with { Threads = 2 });
        AlsFactors three = new CpuAlsFitter().Fit(matrix, options with { Threads = 3 });

        Assert.Equal(one.UserFactors, two.UserFactors);
        Assert.Equal(one.UserFactors, three.UserFactors);
        Assert.Equal(one.ItemFactors, two.ItemFactors);
        Assert.Equal(one.ItemFactors, three.ItemFactors);
    }

    [Fact]
    public void Fit_Throws_WhenAnInputValueIsNaN()
    {
        CsrMatrix matrix = AlsTestMatrices.Random(30, 20, 5, 31);
        matrix.Values[3] = float.NaN;
        AlsFactors? result = null;

        var ex = Assert.Throws<AlsDivergedException>(() => result = new CpuAlsFitter().Fit(matrix, new AlsOptions { Factors = 4, Iterations = 3 }));

        Assert.Null(result);
        Assert.Contains("user half of iteration 1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AlsSolverKind.ConjugateGradient)]
    [InlineData(AlsSolverKind.Cholesky)]
    public void Fit_Throws_WhenAlphaIsAbsurd(AlsSolverKind solver)
    {
        CsrMatrix matrix = AlsTestMatrices.Random(30, 20, 5, 32);

        var ex = Assert.Throws<AlsDivergedException>(() => new CpuAlsFitter().Fit(matrix, new AlsOptions { Factors = 4, Iterations = 3, Alpha = 1e38f, Solver = solver }));

        Assert.Contains("NaN or infinite", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_RejectsColumnIndicesOutsideTheMatrix()
    {
        var matrix = new CsrMatrix(1, 3, [0, 1], [7], [1f]);

        Assert.Throws<ArgumentException>(() => new CpuAlsFitter().Fit(matrix, new AlsOptions { Factors = 4 }));
    }

    [Fact]
    public void Fit_StopsWithOperationCanceled_WhenCancelled()
    {
        CsrMatrix matrix = AlsTestMatrices.Random(100, 50, 5, 33);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new CpuAlsFitter().Fit(matrix, new AlsOptions { Factors = 4 }, null, cancellation.Token));
    }

    [Fact]
    public void Fit_GivesZeroFactors_ToUsersAndItemsWithoutInteractions()
    {
        // User 2 and item 3 have no interactions: their exact least-squares solution is the zero vector.
        CsrMatrix matrix = CsrMatrix.FromCoordinates(4, 5, [0, 0, 1, 3, 3], [0, 1, 2, 4, 0], [1f, 2f, 3f, 1f, 5f]);

        AlsFactors factors = new CpuAlsFitter().Fit(matrix, new AlsOptions { Factors = 3, Iterations = 3, Solver = AlsSolverKind.Cholesky });

        Assert.All(factors.User(2).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(factors.Item(3).ToArray(), v => Assert.Equal(0f, v));
        Assert.Contains(factors.User(0).ToArray(), v => v != 0f);
    }

    [Fact]
    public void Fit_RejectsInvalidOptions()
    {
        CsrMatrix matrix = AlsTestMatrices.Random(5, 5, 2, 34);
        var fitter = new CpuAlsFitter();

        Assert.Throws<ArgumentOutOfRangeException>(() => fitter.Fit(matrix, new AlsOptions { Factors = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => fitter.Fit(matrix, new AlsOptions { CgSteps = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => fitter.Fit(matrix, new AlsOptions { Regularization = float.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => fitter.Fit(matrix, new AlsOptions { Regularization = 0f, Solver = AlsSolverKind.Cholesky }));
        Assert.Throws<ArgumentOutOfRangeException>(() => fitter.Fit(matrix, new AlsOptions { Threads = -1 }));
    }

    [Fact]
    public void Device_DescribesTheCpu()
    {
        ComputeDeviceInfo device = new CpuAlsFitter().Device;

        Assert.Equal("cpu", device.Kind);
        Assert.False(string.IsNullOrWhiteSpace(device.Name));
        Assert.Equal(Environment.ProcessorCount, device.ComputeUnits);
    }

    private static double Score(AlsFactors factors, int user, int item)
    {
        double sum = 0d;
        for (int k = 0; k < factors.Factors; k++)
        {
            sum += factors.User(user)[k] * factors.Item(item)[k];
        }

        return sum;
    }

    private static int TopItem(AlsFactors factors, int user)
    {
        int best = 0;
        for (int i = 1; i < factors.Items; i++)
        {
            if (Score(factors, user, i) > Score(factors, user, best))
            {
                best = i;
            }
        }

        return best;
    }

    [Fact]
    public void Defaults_AreThePlainModel_WithTheImplicitLibrarysInitialisation()
    {
        var options = new AlsOptions();

        Assert.Equal(0f, options.RegularizationExponent);
        Assert.Equal(1f, options.UnobservedWeight);
        Assert.Equal(0.01f, options.InitScale);
        Assert.False(options.ScalesRegularization);
    }

    [Fact]
    public void Fit_ZeroIterations_ReturnsUniformInitialFactorsBelowTheInitScale()
    {
        CsrMatrix matrix = AlsTestMatrices.Random(30, 20, 5, 4);
        var options = new AlsOptions { Factors = 8, Iterations = 0, Seed = 5, Threads = 1 };

        AlsFactors small = new CpuAlsFitter().Fit(matrix, options);
        AlsFactors large = new CpuAlsFitter().Fit(matrix, options with { InitScale = 0.5f });

        Assert.True(AlsTestMatrices.MaxAbs(small.UserFactors) < 0.01);
        Assert.True(AlsTestMatrices.MaxAbs(large.UserFactors) is > 0.25 and < 0.5);
        for (int k = 0; k < small.ItemFactors.Length; k++)
        {
            Assert.Equal(small.ItemFactors[k] * 50f, large.ItemFactors[k], 1e-5f);
        }
    }

    [Fact]
    public void Fit_WithScaledRegularizationAndUnobservedWeight_ReconstructsTheObservedEntries()
    {
        CsrMatrix matrix = AlsTestMatrices.Random(60, 40, 6, 11);
        var options = new AlsOptions { Factors = 8, Iterations = 10, Threads = 2, Regularization = 1e-3f, RegularizationExponent = 1f, UnobservedWeight = 0.1f };

        AlsFactors factors = new CpuAlsFitter().Fit(matrix, options);

        // Observed pairs must score above unobserved ones on average: a broken solve (wrong lambda, wrong Gram) does not.
        double observed = 0, unobserved = 0;
        long observedCount = 0, unobservedCount = 0;
        for (int u = 0; u < matrix.Rows; u++)
        {
            ReadOnlySpan<int> cols = matrix.RowColumns(u);
            for (int i = 0; i < matrix.Columns; i++)
            {
                double score = System.Numerics.Tensors.TensorPrimitives.Dot(factors.UserFactors.AsSpan(u * 8, 8), factors.ItemFactors.AsSpan(i * 8, 8));
                if (cols.Contains(i))
                {
                    observed += score;
                    observedCount++;
                }
                else
                {
                    unobserved += score;
                    unobservedCount++;
                }
            }
        }

        Assert.True(observed / observedCount > 0.5, $"observed mean {observed / observedCount}");
        Assert.True(observed / observedCount > 2 * (unobserved / unobservedCount));
    }

    [Theory]
    [InlineData(-0.5f, 1f, 0.01f)]
    [InlineData(3f, 1f, 0.01f)]
    [InlineData(0f, 0f, 0.01f)]
    [InlineData(0f, float.NaN, 0.01f)]
    [InlineData(0f, 1f, 0f)]
    public void Fit_RefusesOutOfRangeRefinements(float exponent, float unobserved, float initScale)
    {
        var options = new AlsOptions { Factors = 4, Iterations = 1, RegularizationExponent = exponent, UnobservedWeight = unobserved, InitScale = initScale };

        Assert.Throws<ArgumentOutOfRangeException>(() => new CpuAlsFitter().Fit(AlsTestMatrices.Random(5, 5, 2, 1), options));
    }
}
