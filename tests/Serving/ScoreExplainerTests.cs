using MathNet.Numerics.LinearAlgebra;
using Recommender.Core.Feedback;
using Recommender.Core.Serving;
using Recommender.Tests.Artifacts;

namespace Recommender.Tests.Serving;

public class ScoreExplainerTests
{
    // Linear confidence with alpha 1 and lambda 0.05 (ModelPackages.Small): c = 1 + r.
    private static ServingModel Model() => new(ModelPackages.Small("v1", users: 3, items: 10, factors: 4, seed: 7), DateTimeOffset.UnixEpoch);

    // The textbook computation: W = (YᵀCY + λI)⁻¹ built from every item row, s_ij = y_iᵀ W y_j, term_j = s_ij c_j.
    private static double[] DirectTerms(ServingModel model, int[] history, float[] strengths, int item)
    {
        int f = model.Factors;
        Matrix<double> y = Matrix<double>.Build.Dense(model.ItemCount, f, (i, r) => model.Package.Factors.Item(i)[r]);
        var confidence = Vector<double>.Build.Dense(model.ItemCount, 1.0);
        for (int n = 0; n < history.Length; n++)
        {
            confidence[history[n]] = 1.0 + strengths[n];
        }

        Matrix<double> w = (y.Transpose() * Matrix<double>.Build.DiagonalOfDiagonalVector(confidence) * y
            + (0.05 * Matrix<double>.Build.DenseIdentity(f))).Inverse();
        return [.. history.Select((j, n) => y.Row(item) * w * y.Row(j) * confidence[history[n]])];
    }

    [Fact]
    public void Contributions_MatchTheDirectComputation_AndSumToTheFoldInScore()
    {
        ServingModel model = Model();
        int[] history = [1, 4, 6];
        float[] strengths = [1f, 3f, 0.5f];
        var explainer = new ScoreExplainer(model, history, strengths);
        float[] user = RecommendationEngine.FoldIn(model, history, strengths);

        foreach (int item in new[] { 0, 2, 9 })
        {
            double[] terms = explainer.Contributions(item);
            double[] direct = DirectTerms(model, history, strengths, item);
            double score = 0;
            for (int r = 0; r < model.Factors; r++)
            {
                score += user[r] * model.Package.Factors.Item(item)[r];
            }

            for (int n = 0; n < history.Length; n++)
            {
                Assert.Equal(direct[n], terms[n], 1e-4);
            }

            Assert.Equal(score, terms.Sum(), 1e-3);
        }
    }

    [Fact]
    public void Explain_NamesAtMostThePositiveTermsLargestFirst()
    {
        ServingModel model = Model();
        int[] history = [0, 2, 3, 5, 8];
        float[] strengths = [1f, 2f, 1f, 4f, 1f];
        var explainer = new ScoreExplainer(model, history, strengths);
        double[] direct = DirectTerms(model, history, strengths, 7);
        string[] expected = [.. history.Zip(direct).Where(p => p.Second > 0).OrderByDescending(p => p.Second).Take(3).Select(p => "item-" + p.First)];

        IReadOnlyList<ItemContribution> because = explainer.Explain(7, 3);

        Assert.Equal(expected, because.Select(c => c.ItemId));
        Assert.True(because.Zip(because.Skip(1)).All(p => p.First.Weight >= p.Second.Weight), "weights are not descending");
        Assert.Equal(model.Package.Titles[5], because.Single(c => c.ItemId == "item-5").Title);
    }

    [Fact]
    public void ForUser_WithExplain_GivesAFoldInUserTheirFeedbackAsReasons()
    {
        ServingModel model = Model();
        var feedback = new UserFeedback(new HashSet<string>(), new Dictionary<string, float> { ["item-1"] = 2f, ["item-4"] = 1f });

        Recommendations result = RecommendationService.ForUser(model, "stranger", feedback, new RecommendationQuery(5, Explain: true));

        Assert.Equal(Recommendations.FoldIn, result.Strategy);
        Assert.All(result.Items, item => Assert.NotNull(item.Because));
        Assert.All(result.Items.SelectMany(i => i.Because!), c => Assert.Contains(c.ItemId, new[] { "item-1", "item-4" }));
        Assert.Contains(result.Items, i => i.Because!.Count > 0);
    }

    [Fact]
    public void ForUser_WithoutExplain_LeavesBecauseOut_AndPopularityHasNoReasons()
    {
        ServingModel model = Model();

        Recommendations plain = RecommendationService.ForUser(model, "user-1", UserFeedback.None, new RecommendationQuery(5));
        Recommendations popular = RecommendationService.ForUser(model, "stranger", UserFeedback.None, new RecommendationQuery(5, Explain: true));

        Assert.All(plain.Items, item => Assert.Null(item.Because));
        Assert.Equal(Recommendations.Popularity, popular.Strategy);
        Assert.All(popular.Items, item => Assert.Empty(item.Because!));
    }

    [Fact]
    public void ForUser_WithExplain_ExplainsAKnownUserByTheItemsTheySaw()
    {
        ServingModel model = Model();

        Recommendations result = RecommendationService.ForUser(model, "user-2", UserFeedback.None, new RecommendationQuery(4, Explain: true));

        Assert.Equal(Recommendations.Als, result.Strategy);
        Assert.All(result.Items.SelectMany(i => i.Because!), c => Assert.Equal("item-2", c.ItemId));
    }
}
