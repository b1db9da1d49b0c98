using Recommender.Core.Als;
using Recommender.Core.Data;
using Recommender.Core.Evaluation;
using Recommender.Core.Signal;
using Recommender.Core.Training;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Training;

public class AlsTunerTests
{
    private static InteractionTable Table()
    {
        using var dir = new TempDirectory();
        SyntheticDataSet data = SyntheticDataGenerator.Generate(dir.Path, new SyntheticDataOptions { Users = 120, Items = 80, Interactions = 3000, Seed = 3 });
        return RatingsLoader.Load(data.RatingsPath);
    }

    [Fact]
    public void Search_NeverReadsTheTestRows()
    {
        InteractionTable table = Table();
        EvaluationSplit split = new LeaveLastOutSplit(4, holdOutValidation: true).Split(table);

        // Poison the test rows: if the search read them, NaN strengths would make the fit fail loudly.
        foreach (int row in split.TestRows)
        {
            table.Values[row] = float.NaN;
        }

        var tuner = new AlsTuner(new CpuAlsFitter(), 10);
        var (trials, best, _, _, _) = tuner.Search(table, split, new AlsOptions { Factors = 8, Iterations = 2, Threads = 1 }, new SignalOptions(), TimeSpan.Zero, seed: 1);

        Assert.Single(trials);
        Assert.Equal(0, best);
        Assert.True(trials[0].ValidationNdcg > 0);
    }

    [Fact]
    public void Search_WithoutValidationRows_IsRefused()
    {
        InteractionTable table = Table();
        EvaluationSplit split = new LeaveLastOutSplit(4).Split(table);

        Assert.Throws<ArgumentException>(() => new AlsTuner(new CpuAlsFitter(), 10).Search(table, split, new AlsOptions(), new SignalOptions(), TimeSpan.Zero, 1));
    }

    [Theory]
    [InlineData(InteractionWeighting.None, null, "none")]
    [InlineData(InteractionWeighting.Binary, 4f, "binary >= 4")]
    [InlineData(InteractionWeighting.None, 4f, "ratings >= 4")]
    [InlineData(InteractionWeighting.Bm25, null, "bm25")]
    public void Describe_NamesTheSignal(InteractionWeighting weighting, float? threshold, string expected)
    {
        Assert.Equal(expected, AlsTuner.Describe(new SignalOptions { Weighting = weighting, PositiveThreshold = threshold }));
    }

    [Fact]
    public void Describe_NamesTheRecencyHalfLife()
    {
        Assert.Equal("binary >= 4, recency half-life 5", AlsTuner.Describe(new SignalOptions { Weighting = InteractionWeighting.Binary, PositiveThreshold = 4, RecencyHalfLife = 5 }));
    }

    [Fact]
    public void Search_RecordsTheRefinementsOfTheStartingPoint()
    {
        InteractionTable table = Table();
        EvaluationSplit split = new LeaveLastOutSplit(4, holdOutValidation: true).Split(table);
        var start = new AlsOptions { Factors = 8, Iterations = 2, Threads = 1, Regularization = 0.001f, RegularizationExponent = 1f, UnobservedWeight = 0.5f, InitScale = 0.1f };

        var (trials, _, chosen, _, _) = new AlsTuner(new CpuAlsFitter(), 10).Search(table, split, start, new SignalOptions(), TimeSpan.Zero, seed: 1);

        Assert.Equal(1f, trials[0].RegularizationExponent);
        Assert.Equal(0.5f, trials[0].UnobservedWeight);
        Assert.Equal(0.1f, trials[0].InitScale);
        Assert.Equal(start, chosen);
    }

    [Fact]
    public void Sample_SearchesTheRefinements_OnAFitterThatSupportsThem()
    {
        var tuner = new AlsTuner(new CpuAlsFitter(), 10);
        var random = new Random(4);
        var points = new List<AlsOptions>();
        for (int n = 0; n < 200; n++)
        {
            points.Add(tuner.Sample(new AlsOptions(), random));
        }

        Assert.Contains(points, p => p.RegularizationExponent == 1f);
        Assert.Contains(points, p => p.RegularizationExponent == 0f);
        Assert.Contains(points, p => p.UnobservedWeight < 1f);
        Assert.Contains(points, p => p.InitScale != new AlsOptions().InitScale);

        // Under exponent 1 lambda multiplies a row's total weight, so it is drawn from a far smaller range.
        Assert.All(points.Where(p => p.ScalesRegularization), p => Assert.True(p.Regularization <= 3e-3f));
    }

    [Fact]
    public void SampleSignal_SearchesRecencyWeighting_OnAndOff()
    {
        var random = new Random(4);
        var signals = new List<SignalOptions>();
        for (int n = 0; n < 200; n++)
        {
            signals.Add(AlsTuner.SampleSignal(AlsTuner.Signals(4), random));
        }

        Assert.Contains(signals, s => s.RecencyHalfLife is null);
        Assert.Contains(signals, s => s.RecencyHalfLife is > 0);
        Assert.Contains(signals, s => s.RecencyHalfLife is not null && s.Weighting == InteractionWeighting.Binary);
    }

    [Fact]
    public void Sample_KeepsThePlainModel_OnAFitterWithoutScaledRegularization()
    {
        var tuner = new AlsTuner(new PlainOnlyFitter(), 10);
        var random = new Random(4);
        for (int n = 0; n < 100; n++)
        {
            AlsOptions point = tuner.Sample(new AlsOptions(), random);
            Assert.Equal(0f, point.RegularizationExponent);
            Assert.Equal(1f, point.UnobservedWeight);
        }
    }

    [Fact]
    public void Search_TriesTheStartingPointWithRecencyWeighting_Second()
    {
        InteractionTable table = Table();
        EvaluationSplit split = new LeaveLastOutSplit(4, holdOutValidation: true).Split(table);
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var tuner = new AlsTuner(new ClockedFitter(clock), 10, clock);
        var start = new AlsOptions { Factors = 32, Iterations = 10, Threads = 1 };

        var (trials, _, _, _, _) = tuner.Search(table, split, start, new SignalOptions(), TimeSpan.FromSeconds(30), seed: 1);

        Assert.Equal("none", trials[0].Signal);
        Assert.Equal("none, recency half-life 5", trials[1].Signal);
        Assert.Equal((32, 10), (trials[1].Factors, trials[1].Iterations));
    }

    [Fact]
    public void Search_StartsOnlyTrialsThatFitTheBudget_SoItEndsWithinIt()
    {
        InteractionTable table = Table();
        EvaluationSplit split = new LeaveLastOutSplit(4, holdOutValidation: true).Split(table);
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var fitter = new ClockedFitter(clock);
        var start = new AlsOptions { Factors = 32, Iterations = 10, Threads = 1 };

        var (trials, _, _, _, _) = new AlsTuner(fitter, 10, clock).Search(table, split, start, new SignalOptions(), TimeSpan.FromSeconds(60), seed: 1);

        // A 128-factor trial of 25 iterations takes 200 s on this clock: drawn, it must be passed over, not started.
        TimeSpan spent = clock.GetUtcNow() - DateTimeOffset.UnixEpoch;
        Assert.True(spent <= TimeSpan.FromSeconds(60), $"The search took {spent.TotalSeconds} s of a 60 s budget.");
        Assert.True(trials.Count >= 3, $"Only {trials.Count} trials ran.");
        Assert.Equal(trials.Count + Math.Min(AlsTuner.FinalistCount, trials.Count), fitter.Fits);
    }

    [Fact]
    public void Search_ScoresTrialsOnAnEvenSampleOfValidationUsers_WhenThereAreMore()
    {
        InteractionTable table = Table();
        EvaluationSplit split = new LeaveLastOutSplit(4, holdOutValidation: true).Split(table);
        var start = new AlsOptions { Factors = 8, Iterations = 2, Threads = 1 };
        int all = HeldOutSet.FromRows(table, split.ValidationRows).Users.Count;

        TuningResult full = new AlsTuner(new CpuAlsFitter(), 10).Search(table, split, start, new SignalOptions(), TimeSpan.Zero, seed: 1);
        TuningResult sampled = new AlsTuner(new CpuAlsFitter(), 10, maxValidationUsers: 25).Search(table, split, start, new SignalOptions(), TimeSpan.Zero, seed: 1);

        Assert.True(all > 50, $"Only {all} validation users.");
        Assert.Equal(all, full.ValidationUsers);
        Assert.InRange(sampled.ValidationUsers, 20, 25);
        Assert.NotEqual(full.Trials[0].ValidationNdcg, sampled.Trials[0].ValidationNdcg);
    }

    [Fact]
    public void TrialEstimate_ScalesBySameFactorTrials_ElseSquaredUpAndLinearlyDown()
    {
        TuningTrial[] trials = [Trial(64, 10, 1), Trial(64, 10, 2), Trial(256, 10, 50)];

        Assert.Equal(4.0, AlsTuner.TrialEstimate(new AlsOptions { Factors = 64, Iterations = 20 }, trials), 9);
        Assert.Equal(8.0, AlsTuner.TrialEstimate(new AlsOptions { Factors = 128, Iterations = 10 }, trials), 9);
        Assert.Equal(0.5, AlsTuner.TrialEstimate(new AlsOptions { Factors = 32, Iterations = 5 }, trials), 9);
    }

    /// <summary>
    /// Fits with the CPU fitter and moves the test's clock by iterations x (factors / 32)^2 x 0.5 s: a 32-factor trial
    /// of 10 iterations takes 5 s, a 128-factor one of 25 iterations 200 s.
    /// </summary>
    private sealed class ClockedFitter(ManualTimeProvider clock) : IAlsFitter
    {
        public int Fits { get; private set; }

        public ComputeDeviceInfo Device => new("test", "clocked", "none", 1);

        public AlsFactors Fit(CsrMatrix userItems, AlsOptions options, IProgress<AlsIterationReport>? progress = null, CancellationToken cancellationToken = default)
        {
            Fits++;
            double scale = options.Factors / 32.0;
            clock.Advance(TimeSpan.FromSeconds(options.Iterations * scale * scale * 0.5));
            return new CpuAlsFitter().Fit(userItems, options with { Iterations = 1 }, progress, cancellationToken);
        }
    }

    /// <summary>A fitter that, like the GPU one, fits only the plain model.</summary>
    private sealed class PlainOnlyFitter : IAlsFitter
    {
        public ComputeDeviceInfo Device => new("test", "plain only", "none", 1);

        public bool SupportsScaledRegularization => false;

        public AlsFactors Fit(CsrMatrix userItems, AlsOptions options, IProgress<AlsIterationReport>? progress = null, CancellationToken cancellationToken = default) =>
            new CpuAlsFitter().Fit(userItems, options, progress, cancellationToken);
    }

    [Fact]
    public void Finalists_AreTheThreeBestByValidation_BestFirst()
    {
        double[] scores = [0.02, 0.05, 0.01, 0.05, 0.04, 0.03];
        var trials = scores.Select(s => Trial(8, 1, 1, s)).ToList();

        Assert.Equal([1, 3, 4], AlsTuner.Finalists(trials));
    }

    /// <summary>A plain trial record with the given size, time and validation score.</summary>
    private static TuningTrial Trial(int factors, int iterations, double seconds, double ndcg = 0.1) => new()
    {
        Factors = factors,
        Iterations = iterations,
        Regularization = 0.1f,
        RegularizationExponent = 0,
        UnobservedWeight = 1,
        InitScale = 0.01f,
        Alpha = 1,
        Signal = "none",
        ValidationNdcg = ndcg,
        Seconds = seconds,
    };
}
