using Recommender.Core.Data;
using Recommender.Core.Feedback;

namespace Recommender.Tests.Feedback;

public class FeedbackMergerTests
{
    private static InteractionTable Table()
    {
        var users = IdMap.FromIds(["u1", "u2"]);
        var items = IdMap.FromIds(["a", "b"]);
        return new InteractionTable(users, items, [0, 0, 1], [0, 1, 0], [4f, 3f, 5f], [100, 200, 300], new RejectReport("test"));
    }

    private static FeedbackEvent Event(string user, string item, FeedbackKind kind, long time, double? value = null) => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        UserId = user,
        ItemId = item,
        Event = kind,
        Value = value,
        Timestamp = DateTimeOffset.FromUnixTimeSeconds(time),
    };

    [Fact]
    public void Merge_DislikeRemovesThePairAndLikeAddsConfidence()
    {
        var merged = FeedbackMerger.Merge(Table(), [Event("u1", "b", FeedbackKind.Dislike, 400), Event("u2", "a", FeedbackKind.Like, 500)], new FeedbackWeights());

        Assert.Equal(2, merged.Count);
        Assert.Equal([0, 1], merged.UserIndices);
        Assert.Equal([4f, 7f], merged.Values);
        Assert.Equal([100L, 500L], merged.Timestamps);
    }

    [Fact]
    public void Merge_NewUsersAndItemsJoinTheIdMaps()
    {
        var merged = FeedbackMerger.Merge(Table(), [Event("u3", "c", FeedbackKind.Rating, 600, 4.5), Event("u3", "a", FeedbackKind.View, 700)], new FeedbackWeights());

        Assert.Equal(5, merged.Count);
        Assert.Equal(3, merged.Users.Count);
        Assert.Equal(3, merged.Items.Count);
        Assert.Equal(4.5f, merged.Values[3]);
        Assert.Equal(0.25f, merged.Values[4]);
    }

    [Fact]
    public void Merge_AppliesEventsInTimeOrder()
    {
        // The like comes after the dislike in time, so the pair comes back with just the like's weight.
        var merged = FeedbackMerger.Merge(Table(), [Event("u1", "a", FeedbackKind.Like, 900), Event("u1", "a", FeedbackKind.Dislike, 800)], new FeedbackWeights());

        Assert.Equal(2f, merged.Values[0]);
    }
}
