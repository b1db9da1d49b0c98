using Recommender.Core.Als;
using Recommender.Core.Data;
using Recommender.Core.Evaluation;
using Recommender.Core.Serving;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Evaluation;

public class SimilarItemsHitRateTests
{
    [Fact]
    public void Measure_CountsAPairAsAHitWhenTheHeldOutItemIsAmongTheAnchorsNeighbours()
    {
        // Two users; each liked item a then item b (latest). Item vectors: b points the same way as a, c the other way.
        var users = new IdMap();
        var items = new IdMap();
        int[] u = [users.GetOrAdd("x"), users.GetOrAdd("x"), users.GetOrAdd("y"), users.GetOrAdd("y")];
        int[] i = [items.GetOrAdd("a"), items.GetOrAdd("b"), items.GetOrAdd("a"), items.GetOrAdd("b")];
        items.GetOrAdd("c");
        var table = new InteractionTable(users, items, u, i, [5, 5, 5, 5], [1, 2, 1, 2], new RejectReport("test"));
        EvaluationSplit split = new LeaveLastOutSplit(4).Split(table);
        var measure = SimilarItemsHitRate.FromLeaveLastOut(table, 4, split.TrainRows);
        var factors = new AlsFactors(2, 3, 2, new float[4], [1f, 0f, 0.9f, 0.1f, -1f, 0f]);

        double[] rates = measure.Measure(factors, k: 1, [SimilarItemsOptions.PlainCosine, new SimilarItemsOptions { MinSupport = 1 }]);

        Assert.Equal(2, measure.Pairs);
        Assert.Equal(1.0, rates[0]);

        // b never appears in training (it is every user's held-out item), so a support filter of 1 removes it.
        Assert.Equal(0.0, rates[1]);
    }

    [MovieLensFact]
    public void OnMovieLens_TheServingDefaultFindsMoreHeldOutItemsThanPlainCosine()
    {
        InteractionTable table = RatingsLoader.Load(Path.Combine(RepoPaths.MovieLensSmallOrNull!, "ratings.csv"));
        EvaluationSplit split = new LeaveLastOutSplit(4).Split(table);
        AlsFactors factors = new CpuAlsFitter().Fit(table.ToUserItemMatrix(split.TrainRows), new AlsOptions { Threads = 2, Seed = 1 });
        var measure = SimilarItemsHitRate.FromLeaveLastOut(table, 4, split.TrainRows);

        double[] rates = measure.Measure(factors, 10, [SimilarItemsOptions.PlainCosine, SimilarItemsOptions.Default]);

        Assert.True(rates[1] > rates[0], $"default {rates[1]:F4}, plain cosine {rates[0]:F4}");
    }
}
