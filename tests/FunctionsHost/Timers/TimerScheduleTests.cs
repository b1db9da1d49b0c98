using Recommender.FunctionsHost.Timers;

namespace Recommender.Tests.FunctionsHost.Timers;

public class TimerScheduleTests
{
    private static readonly DateTimeOffset _noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SixFields_IncludeSeconds_NightlyAtThree()
    {
        var schedule = TimerSchedule.Parse("0 0 3 * * *");

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero), schedule.Next(_noon));
    }

    [Fact]
    public void EveryTenSeconds_StepsByTenSeconds()
    {
        var schedule = TimerSchedule.Parse("*/10 * * * * *");

        DateTimeOffset first = schedule.Next(_noon.AddSeconds(1));
        Assert.Equal(_noon.AddSeconds(10), first);
        Assert.Equal(_noon.AddSeconds(20), schedule.Next(first));
    }

    [Fact]
    public void FiveFields_AreClassicCron()
    {
        Assert.Equal(_noon.AddMinutes(15), TimerSchedule.Parse("15 * * * *").Next(_noon));
    }

    [Fact]
    public void AnInterval_AddsToTheLastTime()
    {
        Assert.Equal(_noon.AddMinutes(5), TimerSchedule.Parse("00:05:00").Next(_noon));
    }

    [Fact]
    public void NextIsStrictlyAfterTheGivenTime()
    {
        var schedule = TimerSchedule.Parse("0 0 12 * * *");

        Assert.Equal(_noon.AddDays(1), schedule.Next(_noon));
    }

    [Theory]
    [InlineData("")]
    [InlineData("every night")]
    [InlineData("0 0 25 * * *")]
    [InlineData("* * * *")]
    [InlineData("0 0 3 * * * *")]
    public void BadSchedules_AreRejected(string expression)
    {
        Assert.Throws<FormatException>(() => TimerSchedule.Parse(expression));
    }
}
