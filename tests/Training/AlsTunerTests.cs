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
        var (trials, best, _, _) = tuner.Search(table, split, new AlsOptions { Factors = 8, Iterations = 2, Threads = 1 }, new SignalOptions(), TimeSpan.Zero, seed: 1);

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
}
