using MathNet.Numerics.LinearAlgebra;
using Recommender.Core.Als;
using Recommender.Core.Feedback;
using Recommender.Core.Serving;

namespace Recommender.Tests.Serving;

public class KnownUserUpdateTests
{
    private static readonly DateTimeOffset _readAt = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);

    private static FeedbackEvent Event(string item, FeedbackKind kind, TimeSpan afterRead, double? value = null) => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        UserId = "user-2",
        ItemId = item,
        Event = kind,
        Value = value,
        Timestamp = _readAt + afterRead,
        LoggedAt = _readAt + afterRead,
    };

    private static UserFeedback Logged(params FeedbackEvent[] events)
    {
        var strengths = new Dictionary<string, float>();
        var disliked = new HashSet<string>();
        var weights = new FeedbackWeights();
        foreach (FeedbackEvent e in events)
        {
            float? s = weights.Apply(strengths.TryGetValue(e.ItemId, out float current) ? current : null, e.Event, e.Value);
            if (s is float kept)
            {
                strengths[e.ItemId] = kept;
                disliked.Remove(e.ItemId);
            }
            else
            {
                strengths.Remove(e.ItemId);
                disliked.Add(e.ItemId);
            }
        }

        return new UserFeedback(disliked, strengths) { Events = events };
    }

    // The textbook solve over every item row: (YᵀCY + λ_u I) x = YᵀCp with C = w + (c − 1) on the user's items and w on
    // the others (w the unobserved weight, 1 by default), the target side weighted by c, and λ_u = λ (n_u + w m)^ν.
    private static Vector<double> DirectSolve(TrainedModel trained, Dictionary<int, double> confidenceMinusOne)
    {
        double w = trained.Options.UnobservedWeight;
        ServingModel model = trained.Model;
        int f = model.Factors;
        Matrix<double> y = Matrix<double>.Build.Dense(model.ItemCount, f, (i, r) => model.Package.Factors.Item(i)[r]);
        var c = Vector<double>.Build.Dense(model.ItemCount, w);
        var target = Vector<double>.Build.Dense(model.ItemCount, 0.0);
        foreach (var (item, cm1) in confidenceMinusOne)
        {
            c[item] = w + cm1;
            target[item] = 1.0 + cm1;
        }

        double lambda = trained.Options.Regularization * Math.Pow(confidenceMinusOne.Count + (w * model.ItemCount), trained.Options.RegularizationExponent);
        Matrix<double> a = (y.Transpose() * Matrix<double>.Build.DiagonalOfDiagonalVector(c) * y) + (lambda * Matrix<double>.Build.DenseIdentity(f));
        return a.Solve(y.Transpose() * target);
    }

    // c − 1 of the user's row in the matrix the fit was trained on, computed by the fitter itself.
    private static Dictionary<int, double> FittedRow(TrainedModel trained, int user)
    {
        float[] all = CpuAlsFitter.ConfidenceMinusOne(trained.Fitted.Values, trained.Options);
        var row = new Dictionary<int, double>();
        for (int n = trained.Fitted.RowPointers[user]; n < trained.Fitted.RowPointers[user + 1]; n++)
        {
            row[trained.Fitted.ColumnIndices[n]] = all[n];
        }

        return row;
    }

    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(1f, 0.5f)]
    public void TheUpdatedVector_EqualsAFromScratchSolveOverTheTrainingRowAndTheNewFeedback(float regularizationExponent, float unobservedWeight)
    {
        TrainedModel trained = TrainedModel.Fit(_readAt, regularizationExponent: regularizationExponent, unobservedWeight: unobservedWeight);
        Dictionary<int, double> expected = FittedRow(trained, 2);
        int viewedTrainingItem = expected.Keys.First();
        UserFeedback feedback = Logged(
            Event("item-11", FeedbackKind.Like, TimeSpan.FromMinutes(5)),
            Event($"item-{viewedTrainingItem}", FeedbackKind.View, TimeSpan.FromMinutes(6)),
            Event("item-10", FeedbackKind.Like, TimeSpan.FromMinutes(-5)));

        UserSystem system = KnownUserUpdate.TryBuild(trained.Model, 2, feedback)!;
        float[] updated = system.SolveUser();

        // The like adds a new pair, the view adds its confidence term to the trained pair's; the like logged before the
        // model read the table is already in the training row (or deliberately not, as here) and is not counted again.
        expected[11] = trained.Options.ConfidenceOf(2f) - 1f;
        expected[viewedTrainingItem] += trained.Options.ConfidenceOf(0.25f) - 1f;
        Vector<double> direct = DirectSolve(trained, expected);
        Assert.Equal(expected.Count, system.Items.Length);
        for (int r = 0; r < updated.Length; r++)
        {
            Assert.Equal(direct[r], updated[r], 1e-4);
        }
    }

    [Fact]
    public void ALikedItem_NeverComesBack_AndTheStrategySaysTheVectorWasUpdated()
    {
        TrainedModel trained = TrainedModel.Fit(_readAt);
        Recommendations before = RecommendationService.ForUser(trained.Model, "user-2", UserFeedback.None, new RecommendationQuery(TrainedModel.Items));
        string top = before.Items[0].ItemId;

        Recommendations after = RecommendationService.ForUser(trained.Model, "user-2", Logged(Event(top, FeedbackKind.Like, TimeSpan.FromSeconds(1))), new RecommendationQuery(TrainedModel.Items));
        Recommendations mixed = RecommendationService.ForUser(trained.Model, "user-2", Logged(Event(top, FeedbackKind.Like, TimeSpan.FromSeconds(1))), new RecommendationQuery(TrainedModel.Items, RecommendationMode.Mixed, 0.5f));

        Assert.Equal(Recommendations.Als, before.Strategy);
        Assert.Equal(Recommendations.AlsUpdated, after.Strategy);
        Assert.Equal(Recommendations.MixedUpdated, mixed.Strategy);
        Assert.DoesNotContain(after.Items, i => i.ItemId == top);
        Assert.DoesNotContain(mixed.Items, i => i.ItemId == top);
        Assert.Equal(before.Items.Count - 1, after.Items.Count);
        Assert.NotEqual(before.Items[1].Score, after.Items.Single(i => i.ItemId == before.Items[1].ItemId).Score);
    }

    [Fact]
    public void FeedbackLoggedBeforeTheModelReadTheTable_DoesNotUpdate_ButItsItemIsStillMasked()
    {
        TrainedModel trained = TrainedModel.Fit(_readAt);
        UserFeedback feedback = Logged(Event("item-11", FeedbackKind.Like, TimeSpan.FromMinutes(-1)));

        Recommendations result = RecommendationService.ForUser(trained.Model, "user-2", feedback, new RecommendationQuery(TrainedModel.Items));

        Assert.Null(KnownUserUpdate.TryBuild(trained.Model, 2, feedback));
        Assert.Equal(Recommendations.Als, result.Strategy);
        Assert.DoesNotContain(result.Items, i => i.ItemId == "item-11");
    }

    [Fact]
    public void ADislikeSinceTheModel_RemovesTheTrainingPairFromTheSystem_AndHidesTheItem()
    {
        TrainedModel trained = TrainedModel.Fit(_readAt);
        Dictionary<int, double> expected = FittedRow(trained, 2);
        int disliked = expected.Keys.Last();

        UserFeedback feedback = Logged(Event($"item-{disliked}", FeedbackKind.Dislike, TimeSpan.FromMinutes(1)));
        UserSystem system = KnownUserUpdate.TryBuild(trained.Model, 2, feedback)!;
        expected.Remove(disliked);

        Assert.Equal(expected.Keys.Order(), system.Items.ToArray().Order());
        Vector<double> direct = DirectSolve(trained, expected);
        float[] updated = system.SolveUser();
        for (int r = 0; r < updated.Length; r++)
        {
            Assert.Equal(direct[r], updated[r], 1e-4);
        }

        Assert.DoesNotContain(RecommendationService.ForUser(trained.Model, "user-2", feedback, new RecommendationQuery(TrainedModel.Items)).Items, i => i.ItemId == $"item-{disliked}");
    }

    [Fact]
    public void AVersionWithoutPublishedConfidences_ServesTheTrainedRow_AndStillMasksALike()
    {
        TrainedModel trained = TrainedModel.Fit(_readAt, publishConfidence: false);
        ServingModel model = trained.Model;
        Recommendations before = RecommendationService.ForUser(model, "user-2", UserFeedback.None, new RecommendationQuery(TrainedModel.Items));
        string top = before.Items[0].ItemId;

        Recommendations after = RecommendationService.ForUser(model, "user-2", Logged(Event(top, FeedbackKind.Like, TimeSpan.FromSeconds(1))), new RecommendationQuery(TrainedModel.Items));

        Assert.Equal(Recommendations.Als, after.Strategy);
        Assert.DoesNotContain(after.Items, i => i.ItemId == top);
        RecommendedItem second = after.Items[0];
        model.Package.Items.TryGetIndex(second.ItemId, out int index);
        float score = 0;
        for (int r = 0; r < model.Factors; r++)
        {
            score += model.Package.Factors.User(2)[r] * model.Package.Factors.Item(index)[r];
        }

        Assert.Equal(score, second.Score, 1e-5);
    }

    [Fact]
    public void AVersionThatReadNoFeedbackTable_CountsEveryLoggedEventAsNew()
    {
        TrainedModel trained = TrainedModel.Fit(feedbackReadAt: null);

        UserSystem? system = KnownUserUpdate.TryBuild(trained.Model, 2, Logged(Event("item-11", FeedbackKind.Like, TimeSpan.FromDays(-3650))));

        Assert.NotNull(system);
        Assert.Contains(11, system.Items.ToArray());
    }

    [Fact]
    public void UnderRecencyWeighting_TheNewFeedbackIsTheLatest_AndEveryTrainingPairMovesBackByAsManyRanks()
    {
        const float halfLife = 2f;
        TrainedModel trained = TrainedModel.Fit(_readAt, recencyHalfLife: halfLife);
        Dictionary<int, double> expected = FittedRow(trained, 2);
        int viewedTrainingItem = expected.Keys.First();
        UserFeedback feedback = Logged(
            Event("item-11", FeedbackKind.Like, TimeSpan.FromMinutes(5)),
            Event($"item-{viewedTrainingItem}", FeedbackKind.Rating, TimeSpan.FromMinutes(6), 5));

        UserSystem system = KnownUserUpdate.TryBuild(trained.Model, 2, feedback)!;

        // Two items fed back: each training pair is now two ranks older. The rating is the latest (rank 0), the like one
        // older; a like counts as at least the version's positive threshold (4).
        AlsOptions o = trained.Options;
        foreach (int item in expected.Keys.ToArray())
        {
            expected[item] = o.ConfidenceOf(o.StrengthOf((float)expected[item]) * MathF.Pow(0.5f, 2 / halfLife)) - 1f;
        }

        expected[11] = o.ConfidenceOf(4f * MathF.Pow(0.5f, 1 / halfLife)) - 1f;
        expected[viewedTrainingItem] += o.ConfidenceOf(5f) - 1f;
        Vector<double> direct = DirectSolve(trained, expected);
        float[] updated = system.SolveUser();
        for (int r = 0; r < updated.Length; r++)
        {
            Assert.Equal(direct[r], updated[r], 1e-4);
        }
    }

    [Fact]
    public void UnderRecencyWeighting_ANewUsersLatestLikeWeighsMoreThanTheirFirst()
    {
        const float halfLife = 1f;
        TrainedModel trained = TrainedModel.Fit(_readAt, recencyHalfLife: halfLife);
        var events = new[]
        {
            Event("item-3", FeedbackKind.Like, TimeSpan.FromMinutes(1)) with { UserId = "new-user" },
            Event("item-7", FeedbackKind.Like, TimeSpan.FromMinutes(2)) with { UserId = "new-user" },
        };

        Recommendations result = RecommendationService.ForUser(trained.Model, "new-user", Logged(events), new RecommendationQuery(3));

        // The fold-in solves with the first like at half the strength of the latest (a like counts as the threshold, 4).
        float[] expected = RecommendationEngine.FoldIn(trained.Model, [3, 7], [4f * 0.5f, 4f]);
        RecommendedItem top = result.Items[0];
        trained.Model.Package.Items.TryGetIndex(top.ItemId, out int index);
        Assert.Equal(Recommendations.FoldIn, result.Strategy);
        Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Dot(expected, trained.Model.Package.Factors.Item(index)), top.Score, 1e-5);
        float[] unweighted = RecommendationEngine.FoldIn(trained.Model, [3, 7], [4f, 4f]);
        Assert.NotEqual(System.Numerics.Tensors.TensorPrimitives.Dot(unweighted, trained.Model.Package.Factors.Item(index)), top.Score, 1e-5);
    }

    [Fact]
    public void UnderAThresholdSignal_ALikeStillCountsForANewUser_AndAViewBelowTheThresholdDoesNot()
    {
        // The version keeps ratings >= 2 only; a like counts as the version's positive threshold (4), a view (0.25) is dropped.
        TrainedModel trained = TrainedModel.Fit(_readAt, recencyHalfLife: 1000f);
        UserFeedback liked = Logged(Event("item-3", FeedbackKind.Like, TimeSpan.FromMinutes(1)) with { UserId = "new-user" });
        UserFeedback viewed = Logged(Event("item-3", FeedbackKind.View, TimeSpan.FromMinutes(1)) with { UserId = "new-user" });

        Recommendations afterLike = RecommendationService.ForUser(trained.Model, "new-user", liked, new RecommendationQuery(3));
        Recommendations afterView = RecommendationService.ForUser(trained.Model, "new-user", viewed, new RecommendationQuery(3));

        Assert.Equal(Recommendations.FoldIn, afterLike.Strategy);
        float[] expected = RecommendationEngine.FoldIn(trained.Model, [3], [4f]);
        trained.Model.Package.Items.TryGetIndex(afterLike.Items[0].ItemId, out int top);
        Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Dot(expected, trained.Model.Package.Factors.Item(top)), afterLike.Items[0].Score, 1e-5);
        Assert.Equal(Recommendations.Popularity, afterView.Strategy);
    }

    // ln(1 + users / users with a kept rating of the item), counted by hand from the raw ratings.
    private static float IdfByHand(TrainedModel trained, int item)
    {
        int users = 0;
        for (int u = 0; u < TrainedModel.Users; u++)
        {
            int at = trained.Ratings.RowColumns(u).IndexOf(item);
            users += at >= 0 && trained.Ratings.RowValues(u)[at] >= 2f ? 1 : 0;
        }

        return MathF.Log(1f + ((float)TrainedModel.Users / users));
    }

    // An item user 2 has not rated that some other user kept, so its idf is above 0.
    private static int UnratedTrainedItem(TrainedModel trained) =>
        Enumerable.Range(1, TrainedModel.Items - 2).First(i => trained.Ratings.RowColumns(2).IndexOf(i) < 0 && trained.Model.Package.SignalItemIdf![i] > 0);

    [Fact]
    public void UnderTfIdf_ANewlyLikedItemAddsTheConfidenceOfSqrtPreferenceTimesIdf_AndTheVectorEqualsAFromScratchSolve()
    {
        TrainedModel trained = TrainedModel.Fit(_readAt, weighting: Core.Signal.InteractionWeighting.TfIdf);
        int liked = UnratedTrainedItem(trained);
        Dictionary<int, double> expected = FittedRow(trained, 2);

        UserSystem system = KnownUserUpdate.TryBuild(trained.Model, 2, Logged(Event($"item-{liked}", FeedbackKind.Like, TimeSpan.FromMinutes(1))))!;

        // A like counts as the version's positive threshold (4); the training pairs keep their published confidences.
        expected[liked] = trained.Options.ConfidenceOf(MathF.Sqrt(4f) * IdfByHand(trained, liked)) - 1f;
        Assert.Equal(expected.Count, system.Items.Length);
        for (int n = 0; n < system.Items.Length; n++)
        {
            Assert.Equal(expected[system.Items[n]], system.ConfidenceMinusOne[n], 5);
        }

        Vector<double> direct = DirectSolve(trained, expected);
        float[] updated = system.SolveUser();
        for (int r = 0; r < updated.Length; r++)
        {
            Assert.Equal(direct[r], updated[r], 1e-4);
        }
    }

    [Fact]
    public void UnderBm25_ANewlyLikedItemIsWeighedByTheUsersPublishedTrainingLength()
    {
        TrainedModel trained = TrainedModel.Fit(_readAt, weighting: Core.Signal.InteractionWeighting.Bm25);
        int liked = UnratedTrainedItem(trained);
        Dictionary<int, double> expected = FittedRow(trained, 2);
        float length = 0;
        foreach (float rating in trained.Ratings.RowValues(2))
        {
            length += rating >= 2f ? rating : 0f;
        }

        UserSystem system = KnownUserUpdate.TryBuild(trained.Model, 2, Logged(Event($"item-{liked}", FeedbackKind.Like, TimeSpan.FromMinutes(1))))!;

        float norm = (1f - trained.Signal.Bm25B) + (trained.Signal.Bm25B * length / trained.Model.Package.Manifest.Signal!.Bm25AverageLength!.Value);
        float weight = 4f * (trained.Signal.Bm25K1 + 1f) / ((trained.Signal.Bm25K1 * norm) + 4f) * IdfByHand(trained, liked);
        expected[liked] = trained.Options.ConfidenceOf(weight) - 1f;
        Assert.Equal(length, trained.Model.Package.SignalUserLengths![2]);
        Assert.Equal(expected.Count, system.Items.Length);
        for (int n = 0; n < system.Items.Length; n++)
        {
            Assert.Equal(expected[system.Items[n]], system.ConfidenceMinusOne[n], 5);
        }
    }

    [Fact]
    public void UnderTfIdfWithoutPublishedStatistics_ANewlyLikedItemCountsItsPreferenceWeightAsBefore()
    {
        TrainedModel trained = TrainedModel.Fit(_readAt, weighting: Core.Signal.InteractionWeighting.TfIdf, publishStatistics: false);
        int liked = Enumerable.Range(1, TrainedModel.Items - 2).First(i => trained.Ratings.RowColumns(2).IndexOf(i) < 0);

        UserSystem system = KnownUserUpdate.TryBuild(trained.Model, 2, Logged(Event($"item-{liked}", FeedbackKind.Like, TimeSpan.FromMinutes(1))))!;

        int at = system.Items.IndexOf(liked);
        Assert.Equal(trained.Options.ConfidenceOf(4f) - 1f, system.ConfidenceMinusOne[at]);
    }
}
