using Recommender.Core.Experiments;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Experiments;

[Collection(AzuriteCollection.Name)]
public class ImpressionLogTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset _noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly List<Task> _writes = [];

    [Fact]
    public async Task ReadMetrics_CountsImpressionsInTheWindow_AndEachListsLikeAndDislikeOnce()
    {
        var log = new ImpressionLog(azurite.Tables, AzuriteFixture.UniqueTableName("impressions"));
        string[] a = [.. Enumerable.Range(0, 6).Select(i => Serve(log, "v1", "a", _noon.AddMinutes(10 * i)))];
        string[] b = [.. Enumerable.Range(0, 4).Select(i => Serve(log, "v2", "b", _noon.AddMinutes(7 * i)))];
        string before = Serve(log, "v1", "a", _noon.AddHours(-2));
        string after = Serve(log, "v1", "a", _noon.AddHours(3));
        await Task.WhenAll(_writes);

        Assert.True(await log.WriteOutcomeAsync(a[0], ImpressionOutcome.Like, "u"));
        Assert.False(await log.WriteOutcomeAsync(a[0], ImpressionOutcome.Like, "u"));
        Assert.True(await log.WriteOutcomeAsync(a[1], ImpressionOutcome.Like, "u"));
        Assert.True(await log.WriteOutcomeAsync(a[1], ImpressionOutcome.Dislike, "u"));
        Assert.True(await log.WriteOutcomeAsync(b[3], ImpressionOutcome.Dislike, "u"));
        Assert.True(await log.WriteOutcomeAsync(before, ImpressionOutcome.Like, "u"));
        Assert.True(await log.WriteOutcomeAsync(after, ImpressionOutcome.Like, "u"));

        IReadOnlyList<VariantMetrics> metrics = await log.ReadMetricsAsync(_noon.AddMinutes(-30), _noon.AddHours(2));

        Assert.Equal([new VariantMetrics("v1", "a", 6, 2, 1), new VariantMetrics("v2", "b", 4, 0, 1)], metrics);
    }

    [Fact]
    public async Task ReadMetrics_WindowEdgesInsideAnHour_CountOnlyListsServedInside()
    {
        var log = new ImpressionLog(azurite.Tables, AzuriteFixture.UniqueTableName("impressions"));
        foreach (int minute in new[] { 5, 15, 25, 35 })
        {
            Serve(log, "v1", null, _noon.AddMinutes(minute));
        }

        await Task.WhenAll(_writes);

        IReadOnlyList<VariantMetrics> metrics = await log.ReadMetricsAsync(_noon.AddMinutes(10), _noon.AddMinutes(30));

        Assert.Equal([new VariantMetrics("v1", null, 2, 0, 0)], metrics);
    }

    [Fact]
    public async Task Write_TheSameImpressionTwice_LeavesOneRow()
    {
        var log = new ImpressionLog(azurite.Tables, AzuriteFixture.UniqueTableName("impressions"));
        Impression impression = Make("v1", "a", _noon);

        Assert.True(await log.WriteAsync(impression));
        Assert.False(await log.WriteAsync(impression));
        Assert.Equal(1, (await log.ReadMetricsAsync(_noon, _noon.AddMinutes(1))).Single().Impressions);
    }

    private string Serve(ImpressionLog log, string version, string? variant, DateTimeOffset at)
    {
        Impression impression = Make(version, variant, at);
        _writes.Add(log.WriteAsync(impression));
        return impression.RecommendationId;
    }

    private static Impression Make(string version, string? variant, DateTimeOffset at) => new()
    {
        RecommendationId = RecommendationId.New(at),
        UserId = "u",
        Items = ["i1", "i2"],
        ModelVersion = version,
        Variant = variant,
        Strategy = "als",
        ServedAt = at,
    };
}
