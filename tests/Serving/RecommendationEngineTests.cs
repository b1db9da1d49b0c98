using Recommender.Core.Serving;
using Recommender.Tests.Artifacts;

namespace Recommender.Tests.Serving;

public class RecommendationEngineTests
{
    private static ServingModel Model(int users = 4, int items = 40, int factors = 8) =>
        new(ModelPackages.Small("v1", users, items, factors, seed: 7), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Recommend_ExcludesSeenAndDislikedItems()
    {
        ServingModel model = Model();
        var all = new ScoredItem[40];
        int total = RecommendationEngine.Recommend(model, model.Package.Factors.User(0), [], [], null, all);
        int[] seen = [all[0].Item];
        int[] disliked = [all[1].Item];

        var results = new ScoredItem[5];
        int count = RecommendationEngine.Recommend(model, model.Package.Factors.User(0), seen, disliked, null, results);

        Assert.Equal(40, total);
        Assert.Equal(5, count);
        Assert.DoesNotContain(results, r => r.Item == seen[0] || r.Item == disliked[0]);
        Assert.Equal(all[2].Item, results[0].Item);
    }

    [Fact]
    public void Recommend_ScoresAreDotProductsInDescendingOrder()
    {
        ServingModel model = Model();
        var results = new ScoredItem[10];

        int count = RecommendationEngine.Recommend(model, model.Package.Factors.User(1), [], [], null, results);

        for (int n = 0; n < count; n++)
        {
            float expected = System.Numerics.Tensors.TensorPrimitives.Dot(model.Package.Factors.User(1), model.Package.Factors.Item(results[n].Item));
            Assert.Equal(expected, results[n].Score, 4);
            Assert.True(n == 0 || results[n - 1].Score >= results[n].Score);
        }
    }

    [Fact]
    public void Recommend_MixedWithZeroAlsShareIsThePopularityOrder()
    {
        ServingModel model = Model();
        var mixed = new ScoredItem[10];
        var popular = new ScoredItem[10];

        RecommendationEngine.Recommend(model, model.Package.Factors.User(2), [], [], 0f, mixed);
        RecommendationEngine.Popular(model, [], [], popular);

        Assert.Equal(popular.Select(p => p.Item), mixed.Select(m => m.Item));
    }

    [Fact]
    public void Similar_ExcludesTheItemAndRanksByCosine()
    {
        ServingModel model = Model();
        var results = new ScoredItem[39];

        int count = RecommendationEngine.Similar(model, 3, results, SimilarItemsOptions.PlainCosine);

        Assert.Equal(39, count);
        Assert.DoesNotContain(results, r => r.Item == 3);
        Assert.All(results, r => Assert.InRange(r.Score, -1.0001f, 1.0001f));
        float expected = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(model.Package.Factors.Item(3), model.Package.Factors.Item(results[0].Item));
        Assert.Equal(expected, results[0].Score, 4);
    }

    [Fact]
    public void Popular_SkipsExcludedItems()
    {
        ServingModel model = Model();
        var results = new ScoredItem[3];

        int count = RecommendationEngine.Popular(model, [model.PopularityOrder[0]], [model.PopularityOrder[1]], results);

        Assert.Equal(3, count);
        Assert.Equal(model.PopularityOrder[2], results[0].Item);
    }

    [Fact]
    public void FoldIn_SolvesTheTrainingNormalEquations()
    {
        ServingModel model = Model();
        int[] items = [1, 5, 9];
        float[] strengths = [1f, 3f, 5f];

        float[] x = RecommendationEngine.FoldIn(model, items, strengths);

        // Check (YtY + Yᵀ(C − I)Y + λI) x = YᵀCp with plain double loops.
        int f = model.Factors;
        var h = model.Package.Manifest.Hyperparameters;
        for (int r = 0; r < f; r++)
        {
            double lhs = h.Regularization * x[r];
            double rhs = 0;
            for (int i = 0; i < model.ItemCount; i++)
            {
                var y = model.Package.Factors.Item(i);
                int at = Array.IndexOf(items, i);
                double c = at >= 0 ? 1 + (h.Alpha * strengths[at]) : 1;
                double dot = 0;
                for (int k = 0; k < f; k++)
                {
                    dot += y[k] * x[k];
                }

                lhs += c * y[r] * dot;
                rhs += at >= 0 ? c * y[r] : 0;
            }

            Assert.Equal(rhs, lhs, 2);
        }
    }

    [Fact]
    public void Similar_ByDefault_NeverListsAnItemBelowTheMinimumSupport()
    {
        ServingModel model = Model(users: 12);
        var results = new ScoredItem[39];

        int count = RecommendationEngine.Similar(model, 3, results);

        Assert.All(results.AsSpan(0, count).ToArray(), r => Assert.True(model.ItemSupport[r.Item] >= SimilarItemsOptions.Default.MinSupport));
        Assert.Equal(Enumerable.Range(0, 40).Count(i => i != 3 && model.ItemSupport[i] >= SimilarItemsOptions.Default.MinSupport), count);
    }

    [Fact]
    public void ItemSupport_CountsTheUsersOfEachItem()
    {
        ServingModel model = Model();

        for (int item = 0; item < model.ItemCount; item++)
        {
            int users = 0;
            for (int u = 0; u < model.Package.SeenItems.Rows; u++)
            {
                users += model.Package.SeenItems.RowColumns(u).Contains(item) ? 1 : 0;
            }

            Assert.Equal(users, model.ItemSupport[item]);
        }
    }
}
