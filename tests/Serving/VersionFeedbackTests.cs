using Recommender.Core.Als;
using Recommender.Core.Feedback;
using Recommender.Core.Serving;
using Recommender.Core.Signal;

namespace Recommender.Tests.Serving;

public class VersionFeedbackTests
{
    // A new user's feedback holding exactly a training user's raw row (ratings below the threshold included).
    private static UserFeedback RowOf(TrainedModel trained, int user)
    {
        var strengths = new Dictionary<string, float>();
        ReadOnlySpan<int> columns = trained.Ratings.RowColumns(user);
        ReadOnlySpan<float> values = trained.Ratings.RowValues(user);
        for (int n = 0; n < columns.Length; n++)
        {
            strengths[trained.Model.Package.Items[columns[n]]] = values[n];
        }

        return new UserFeedback(new HashSet<string>(), strengths);
    }

    [Theory]
    [InlineData(InteractionWeighting.TfIdf)]
    [InlineData(InteractionWeighting.Bm25)]
    public void ANewUserWhoseFeedbackIsATrainingRow_IsFoldedInWithThatRowsTrainingWeights(InteractionWeighting weighting)
    {
        TrainedModel trained = TrainedModel.Fit(weighting: weighting);

        for (int user = 0; user < TrainedModel.Users; user++)
        {
            var (items, weights) = VersionFeedback.ForFoldIn(trained.Model, RowOf(trained, user));

            Assert.Equal(trained.Fitted.RowColumns(user).ToArray(), items);
            Assert.Equal(trained.Fitted.RowValues(user).ToArray(), weights);
        }
    }

    [Fact]
    public void UnderBm25_ANewUsersLengthIsTheSumOfTheirPreferenceWeights()
    {
        TrainedModel trained = TrainedModel.Fit(weighting: InteractionWeighting.Bm25);
        var feedback = new UserFeedback(new HashSet<string>(), new Dictionary<string, float> { ["item-3"] = 5f, ["item-7"] = 1f, ["item-11"] = 4f });

        var (items, weights) = VersionFeedback.ForFoldIn(trained.Model, feedback);

        // item-7's 1 is below the threshold and adds nothing; item-11 was never trained on (idf 0), yet its 4 counts in
        // the length as a training row's unweighted entries would.
        float[] idf = trained.Model.Package.SignalItemIdf!;
        float average = trained.Model.Package.Manifest.Signal!.Bm25AverageLength!.Value;
        float norm = (1f - 0.75f) + (0.75f * 9f / average);
        Assert.Equal([3], items);
        Assert.Equal(5f * 2.2f / ((1.2f * norm) + 5f) * idf[3], weights[0], 6);
    }

    [Fact]
    public void AVersionTrainedWithTfIdfButWithoutItsStatistics_FoldsInThePreferenceWeightsAsBefore()
    {
        TrainedModel trained = TrainedModel.Fit(weighting: InteractionWeighting.TfIdf, publishStatistics: false);

        var (items, weights) = VersionFeedback.ForFoldIn(trained.Model, new UserFeedback(new HashSet<string>(), new Dictionary<string, float> { ["item-3"] = 5f, ["item-7"] = 1f }));

        Assert.Equal([3], items);
        Assert.Equal([5f], weights);
    }

    [Fact]
    public void UnderTfIdf_AStrengthGetsTheSquareRootOfItsPreferenceTimesTheItemsIdf()
    {
        TrainedModel trained = TrainedModel.Fit(weighting: InteractionWeighting.TfIdf);
        int usersWithItem3 = 0;
        for (int u = 0; u < TrainedModel.Users; u++)
        {
            int at = trained.Ratings.RowColumns(u).IndexOf(3);
            usersWithItem3 += at >= 0 && trained.Ratings.RowValues(u)[at] >= 2f ? 1 : 0;
        }

        float weight = VersionFeedback.TrainingWeight(trained.Model, 3, 4f, userLength: 0f);

        Assert.Equal(MathF.Sqrt(4f) * MathF.Log(1f + ((float)TrainedModel.Users / usersWithItem3)), weight, 6);
        Assert.Equal(0f, VersionFeedback.TrainingWeight(trained.Model, 3, 1f, userLength: 0f));
    }
}
