using Recommender.Core.Feedback;

namespace Recommender.Tests.Feedback;

public class FeedbackEventTests
{
    [Fact]
    public void ToJsonThenParse_RoundTripsWithLowerCaseEventNames()
    {
        var original = new FeedbackEvent
        {
            EventId = "e1",
            UserId = "the+matrix fan",
            ItemId = "movie/42",
            Event = FeedbackKind.Rating,
            Value = 4.5,
            Timestamp = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero),
        };

        string json = original.ToJson();
        FeedbackEvent parsed = FeedbackEvent.Parse(json);

        Assert.Contains("\"event\":\"rating\"", json);
        Assert.Equal(original, parsed);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"event\":\"shrug\",\"timestamp\":\"2026-01-01T00:00:00Z\"}")]
    [InlineData("{\"eventId\":\"e\",\"userId\":\"\",\"itemId\":\"i\",\"event\":\"like\",\"timestamp\":\"2026-01-01T00:00:00Z\"}")]
    [InlineData("{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"event\":\"rating\",\"value\":9,\"timestamp\":\"2026-01-01T00:00:00Z\"}")]
    [InlineData("{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"event\":\"like\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"extra\":1}")]
    public void Parse_RejectsInvalidMessagesWithFormatException(string json)
    {
        Assert.Throws<FormatException>(() => FeedbackEvent.Parse(json));
    }

    [Fact]
    public void Weights_DislikeRemovesLikeAndViewAddRatingReplaces()
    {
        var weights = new FeedbackWeights();

        Assert.Null(weights.Apply(3f, FeedbackKind.Dislike, null));
        Assert.Equal(5f, weights.Apply(3f, FeedbackKind.Like, null));
        Assert.Equal(2f, weights.Apply(null, FeedbackKind.Like, null));
        Assert.Equal(3.25f, weights.Apply(3f, FeedbackKind.View, null));
        Assert.Equal(4.5f, weights.Apply(1f, FeedbackKind.Rating, 4.5));
    }

    [Fact]
    public void Weights_WithAPositiveFloor_ALikeLeavesAtLeastAPositive_AndNothingElseChanges()
    {
        var weights = new FeedbackWeights { PositiveFloor = 4f };

        Assert.Equal(4f, weights.Apply(null, FeedbackKind.Like, null));
        Assert.Equal(4f, weights.Apply(1f, FeedbackKind.Like, null));
        Assert.Equal(6f, weights.Apply(4f, FeedbackKind.Like, null));
        Assert.Equal(0.25f, weights.Apply(null, FeedbackKind.View, null));
        Assert.Equal(2f, weights.Apply(null, FeedbackKind.Rating, 2));
    }

    [Theory]
    [InlineData("u\u0001", false)]
    [InlineData("   ", false)]
    [InlineData("user with spaces & slashes/#?", true)]
    public void IsValidId_AcceptsPrintableAndRejectsControlCharacters(string id, bool valid)
    {
        Assert.Equal(valid, FeedbackRules.IsValidId(id));
        Assert.False(FeedbackRules.IsValidId(new string('x', 129)));
    }
}
