using Recommender.Core.Feedback;

namespace Recommender.Tests.Feedback;

public class UserFeedbackTests
{
    private static readonly DateTimeOffset _start = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static FeedbackEvent Event(string item, FeedbackKind kind, int minute, double? value = null) => new()
    {
        EventId = $"{item}-{minute}",
        UserId = "u",
        ItemId = item,
        Event = kind,
        Value = value,
        Timestamp = _start.AddMinutes(minute),
    };

    [Fact]
    public void FromEvents_AppliesTheEventsInTimeOrder_AndADislikeHidesTheItem()
    {
        // Given out of time order: on item a the rating (minute 1) comes before the like (minute 2); b is liked, then disliked.
        FeedbackEvent[] events =
        [
            Event("a", FeedbackKind.Like, 2),
            Event("b", FeedbackKind.Dislike, 4),
            Event("a", FeedbackKind.Rating, 1, 3),
            Event("b", FeedbackKind.Like, 3),
        ];

        UserFeedback feedback = UserFeedback.FromEvents(events, new FeedbackWeights());

        Assert.Equal(5f, feedback.Strengths["a"]);
        Assert.False(feedback.Strengths.ContainsKey("b"));
        Assert.Contains("b", feedback.DislikedItems);
        Assert.Equal([1, 2, 3, 4], feedback.Events.Select(e => (int)(e.Timestamp - _start).TotalMinutes));
    }

    [Fact]
    public void FromEvents_WithAPositiveFloor_ALikeIsAtLeastAPositive()
    {
        UserFeedback feedback = UserFeedback.FromEvents([Event("a", FeedbackKind.Like, 1)], new FeedbackWeights { PositiveFloor = 4f });

        Assert.Equal(4f, feedback.Strengths["a"]);
    }
}
