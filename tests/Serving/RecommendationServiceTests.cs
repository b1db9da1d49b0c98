using Recommender.Core.Feedback;
using Recommender.Core.Serving;
using Recommender.Tests.Artifacts;

namespace Recommender.Tests.Serving;

public class RecommendationServiceTests
{
    // user-u has seen item-u; popularity falls with the item index (item-0 most popular).
    private static ServingModel Model(int users = 4, int items = 12) =>
        new(ModelPackages.Small("v1", users, items, factors: 3, seed: 11), DateTimeOffset.UnixEpoch);

    private static UserFeedback Feedback(string[]? disliked = null, Dictionary<string, float>? strengths = null) =>
        new(new HashSet<string>(disliked ?? [], StringComparer.Ordinal), strengths ?? []);

    private static string[] Ids(IReadOnlyList<RecommendedItem> items) => [.. items.Select(i => i.ItemId)];

    [Fact]
    public void ForUser_AKnownUser_IsRankedByAlsWithoutTheItemsTheyHaveSeen()
    {
        ServingModel model = Model();

        Recommendations result = RecommendationService.ForUser(model, "user-1", UserFeedback.None, new RecommendationQuery(5));

        Assert.Equal(Recommendations.Als, result.Strategy);
        Assert.Equal(5, result.Items.Count);
        Assert.DoesNotContain("item-1", Ids(result.Items));
        Assert.True(result.Items.Zip(result.Items.Skip(1)).All(p => p.First.Score >= p.Second.Score), "scores are not descending");
    }

    [Fact]
    public void ForUser_MixedMode_IsNamedMixedAndStillMasksSeenItems()
    {
        Recommendations result = RecommendationService.ForUser(Model(), "user-2", UserFeedback.None, new RecommendationQuery(11, RecommendationMode.Mixed, 0.5f));

        Assert.Equal(Recommendations.Mixed, result.Strategy);
        Assert.Equal(11, result.Items.Count);
        Assert.DoesNotContain("item-2", Ids(result.Items));
    }

    [Fact]
    public void ForUser_DislikedItems_AreNeverReturnedWhateverTheStrategy()
    {
        ServingModel model = Model();
        UserFeedback feedback = Feedback(disliked: ["item-0", "item-3", "not-in-the-model"]);

        string[] known = Ids(RecommendationService.ForUser(model, "user-1", feedback, new RecommendationQuery(12)).Items);
        string[] cold = Ids(RecommendationService.ForUser(model, "stranger", feedback, new RecommendationQuery(12)).Items);

        Assert.DoesNotContain("item-0", known);
        Assert.DoesNotContain("item-3", known);
        Assert.DoesNotContain("item-0", cold);
        Assert.DoesNotContain("item-3", cold);
        Assert.Equal(10, cold.Length);
    }

    [Fact]
    public void ForUser_AnUnknownUserWithoutFeedback_GetsThePopularityRanking()
    {
        ServingModel model = Model();

        Recommendations result = RecommendationService.ForUser(model, "stranger", UserFeedback.None, new RecommendationQuery(3));

        Assert.Equal(Recommendations.Popularity, result.Strategy);
        Assert.Equal(["item-0", "item-1", "item-2"], Ids(result.Items));
        Assert.Equal(Ids(RecommendationService.Popular(model, 3)), Ids(result.Items));
    }

    [Fact]
    public void ForUser_AnUnknownUserWithLikes_IsFoldedInAndDoesNotGetTheLikedItemsBack()
    {
        UserFeedback feedback = Feedback(strengths: new() { ["item-4"] = 1f, ["item-5"] = 2f, ["not-in-the-model"] = 1f });

        Recommendations result = RecommendationService.ForUser(Model(), "newcomer", feedback, new RecommendationQuery(5));

        Assert.Equal(Recommendations.FoldIn, result.Strategy);
        Assert.Equal(5, result.Items.Count);
        Assert.DoesNotContain("item-4", Ids(result.Items));
        Assert.DoesNotContain("item-5", Ids(result.Items));
    }

    [Fact]
    public void ForUser_AskingForMoreThanTheCatalogue_ReturnsWhatThereIs()
    {
        Recommendations result = RecommendationService.ForUser(Model(items: 6), "user-0", UserFeedback.None, new RecommendationQuery(1000));

        Assert.Equal(5, result.Items.Count);
    }

    [Fact]
    public void ForUser_Items_CarryIdsAndTitles()
    {
        RecommendedItem item = RecommendationService.ForUser(Model(), "stranger", UserFeedback.None, new RecommendationQuery(2)).Items[1];

        Assert.Equal("item-1", item.ItemId);
        Assert.Equal("Title, number 1", item.Title);
    }

    [Fact]
    public void SimilarTo_AnUnknownItem_IsNullAndAKnownOneExcludesItself()
    {
        ServingModel model = Model();

        IReadOnlyList<RecommendedItem>? similar = RecommendationService.SimilarTo(model, "item-2", 4, SimilarItemsOptions.PlainCosine);

        Assert.Null(RecommendationService.SimilarTo(model, "no-such-item", 4));
        Assert.NotNull(similar);
        Assert.Equal(4, similar.Count);
        Assert.DoesNotContain("item-2", Ids(similar));
    }

    [Fact]
    public void Queries_WithoutAPositiveCount_AreRefused()
    {
        ServingModel model = Model();

        Assert.Throws<ArgumentOutOfRangeException>(() => RecommendationService.ForUser(model, "user-1", UserFeedback.None, new RecommendationQuery(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RecommendationService.Popular(model, 0));
    }
}
