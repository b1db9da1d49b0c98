using Recommender.Functions.Training;

namespace Recommender.Tests.Functions.Training;

public class RetrainScheduleTests
{
    [Fact]
    public void NextAfter_DefaultSchedule_IsThreeInTheMorningUtc()
    {
        RetrainSchedule schedule = RetrainSchedule.Parse("0 0 3 * * *");

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 11, 25, 2, 59, 59, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NextAfter_ATimeInAnotherOffset_IsComputedInUtc()
    {
        RetrainSchedule schedule = RetrainSchedule.Parse("0 30 * * * *");

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 2, 30, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.FromHours(2))));
    }

    [Theory]
    [InlineData("0 3 * * *", "it has 5 fields")]
    [InlineData("every night", "it has 2 fields")]
    [InlineData("0 0 25 * * *", "six-field NCRONTAB")]
    [InlineData("", "it has 0 fields")]
    public void Parse_InvalidExpression_SaysWhatAnExpressionLooksLike(string expression, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => RetrainSchedule.Parse(expression));

        Assert.Contains("RetrainSchedule", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0 0 3 * * *", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
