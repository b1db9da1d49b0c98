using Recommender.Core.Experiments;

namespace Recommender.Tests.Experiments;

public class WilsonIntervalTests
{
    // Worked by hand from the Wilson formula with z = 1.959964: centre (p + z²/2n) / (1 + z²/n),
    // half-width z / (1 + z²/n) · sqrt(p(1-p)/n + z²/4n²). 81 of 263 is Newcombe's (1998) example, 0.2553-0.3662.
    [Theory]
    [InlineData(81, 263, 0.255289, 0.366210)]
    [InlineData(5, 10, 0.236593, 0.763407)]
    [InlineData(0, 10, 0.0, 0.277533)]
    [InlineData(10, 10, 0.722467, 1.0)]
    [InlineData(1, 50, 0.003539, 0.104954)]
    public void Of_MatchesHandComputedBounds(long likes, long impressions, double low, double high)
    {
        WilsonInterval interval = WilsonInterval.Of(likes, impressions);

        Assert.Equal(low, interval.Low, 5);
        Assert.Equal(high, interval.High, 5);
    }

    [Fact]
    public void Of_NoTrials_IsTheWholeUnitInterval()
    {
        Assert.Equal(new WilsonInterval(0, 1), WilsonInterval.Of(0, 0));
    }

    [Fact]
    public void Of_MoreSuccessesThanTrials_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(3, 2));
    }

    [Fact]
    public void VariantMetrics_LikeRateIsLikesPerImpression_WithTheWilsonInterval()
    {
        var metrics = new VariantMetrics("v1", "a", 263, 81, 7);

        Assert.Equal(81 / 263d, metrics.LikeRate!.Value, 12);
        Assert.Equal(WilsonInterval.Of(81, 263), metrics.LikeRateInterval);
        Assert.Null(new VariantMetrics("v1", null, 0, 0, 0).LikeRate);
    }
}
