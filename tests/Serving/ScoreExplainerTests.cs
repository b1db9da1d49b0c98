using MathNet.Numerics.LinearAlgebra;
using Recommender.Core.Als;
using Recommender.Core.Feedback;
using Recommender.Core.Serving;
using Recommender.Tests.Artifacts;

namespace Recommender.Tests.Serving;

public class ScoreExplainerTests
{
    // Linear confidence with alpha 1 and lambda 0.05 (ModelPackages.Small): c = 1 + r.
    private static ServingModel Model() => new(ModelPackages.Small("v1", users: 3, items: 10, factors: 4, seed: 7), DateTimeOffset.UnixEpoch);

    // The textbook computation: W = (YᵀCY + λI)⁻¹ built from every item row, s_ij = y_iᵀ W y_j, term_j = s_ij c_j.
    private static double[] DirectTerms(ServingModel model, int[] history, float[] strengths, int item) =>
        DirectTerms(model, history, [.. strengths.Select(s => 1f + s)], item, 0.05);

    private static double[] DirectTerms(ServingModel model, int[] history, float[] confidences, int item, double lambda)
    {
        int f = model.Factors;
        Matrix<double> y = Matrix<double>.Build.Dense(model.ItemCount, f, (i, r) => model.Package.Factors.Item(i)[r]);
        var confidence = Vector<double>.Build.Dense(model.ItemCount, 1.0);
        for (int n = 0; n < history.Length; n++)
        {
            confidence[history[n]] = confidences[n];
        }

        Matrix<double> w = (y.Transpose() * Matrix<double>.Build.DiagonalOfDiagonalVector(confidence) * y
            + (lambda * Matrix<double>.Build.DenseIdentity(f))).Inverse();
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

    [Fact]
    public void ForUser_WithExplain_WeighsAKnownUsersHistoryByThePublishedConfidences()
    {
        TrainedModel trained = TrainedModel.Fit();
        ServingModel model = trained.Model;
        float[] cm1 = CpuAlsFitter.ConfidenceMinusOne(trained.Fitted.Values, trained.Options);
        int start = trained.Fitted.RowPointers[3];
        int[] history = trained.Fitted.ColumnIndices[start..trained.Fitted.RowPointers[4]];
        float[] confidences = [.. cm1[start..trained.Fitted.RowPointers[4]].Select(c => 1f + c)];
        Assert.Contains(confidences, c => MathF.Abs(c - 1f) > 0.5f);

        Recommendations result = RecommendationService.ForUser(model, "user-3", UserFeedback.None, new RecommendationQuery(4, Explain: true));

        // Every reason's weight is the Hu-Koren-Volinsky term y_iᵀ W y_j c_j with the fit's confidences, not c_j = 1.
        Assert.Contains(result.Items, i => i.Because!.Count > 0);
        foreach (RecommendedItem item in result.Items)
        {
            model.Package.Items.TryGetIndex(item.ItemId, out int index);
            double[] direct = DirectTerms(model, history, confidences, index, trained.Options.Regularization);
            foreach (ItemContribution reason in item.Because!)
            {
                int j = Array.IndexOf(history, int.Parse(reason.ItemId["item-".Length..], System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(direct[j], reason.Weight, 1e-4);
            }
        }
    }

    [Fact]
    public void ForUser_WithExplain_ExplainsAnUpdatedKnownUserByTheirNewFeedbackToo()
    {
        TrainedModel trained = TrainedModel.Fit();
        var like = new FeedbackEvent { EventId = "e1", UserId = "user-3", ItemId = "item-11", Event = FeedbackKind.Like, Timestamp = DateTimeOffset.UnixEpoch };
        var feedback = new UserFeedback(new HashSet<string>(), new Dictionary<string, float> { ["item-11"] = 2f }) { Events = [like] };

        Recommendations result = RecommendationService.ForUser(trained.Model, "user-3", feedback, new RecommendationQuery(TrainedModel.Items, Explain: true));
        UserSystem system = KnownUserUpdate.TryBuild(trained.Model, 3, feedback)!;
        var explainer = new ScoreExplainer(system);

        Assert.Equal(Recommendations.AlsUpdated, result.Strategy);
        Assert.Contains(result.Items, i => i.Because!.Count > 0);
        int[] history = system.Items.ToArray();
        Assert.Contains(11, history);
        foreach (RecommendedItem item in result.Items)
        {
            trained.Model.Package.Items.TryGetIndex(item.ItemId, out int index);
            double[] direct = DirectTerms(trained.Model, history, [.. system.ConfidenceMinusOne.ToArray().Select(c => 1f + c)], index, trained.Options.Regularization);
            Assert.Equal(direct, explainer.Contributions(index), (a, b) => Math.Abs(a - b) < 1e-4);
            foreach (ItemContribution reason in item.Because!)
            {
                Assert.Equal(direct[Array.IndexOf(history, int.Parse(reason.ItemId["item-".Length..], System.Globalization.CultureInfo.InvariantCulture))], reason.Weight, 1e-4);
            }
        }
    }
}
