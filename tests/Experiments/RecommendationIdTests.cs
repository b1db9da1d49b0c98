using Recommender.Core.Experiments;

namespace Recommender.Tests.Experiments;

public class RecommendationIdTests
{
    [Fact]
    public void New_Is32LowerHexDigits_AndCarriesItsServingTimeToTheMillisecond()
    {
        var servedAt = new DateTimeOffset(2026, 11, 29, 22, 41, 7, 123, TimeSpan.Zero);

        string id = RecommendationId.New(servedAt);

        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.True(RecommendationId.IsValid(id));
        Assert.Equal(servedAt, RecommendationId.ServedAt(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0193a6f4c21b7abc8def0123456789A0")]
    [InlineData("0193a6f4c21b4abc8def0123456789a0")]
    [InlineData("0193a6f4-c21b-7abc-8def-0123456789a0")]
    [InlineData("0193a6f4c21b7abc8def0123456789a")]
    public void IsValid_RefusesOtherForms(string? id)
    {
        Assert.False(RecommendationId.IsValid(id));
    }

    [Fact]
    public void ImpressionKeys_PartitionIsTheServingHourAndAShardFromTheId()
    {
        var servedAt = new DateTimeOffset(2026, 11, 29, 22, 41, 7, TimeSpan.Zero);
        string id = RecommendationId.New(servedAt);

        string partition = ImpressionKeys.Partition(id);

        Assert.Equal("2026112922-" + id[^1], partition);
        Assert.True(string.CompareOrdinal(partition, ImpressionKeys.WindowStart(servedAt.AddMinutes(-50))) >= 0);
        Assert.True(string.CompareOrdinal(partition, ImpressionKeys.WindowEnd(servedAt)) < 0);
        Assert.True(string.CompareOrdinal(partition, ImpressionKeys.WindowStart(servedAt.AddHours(1))) < 0);
        Assert.True(string.CompareOrdinal(ImpressionKeys.OutcomeRow(id, "like"), id) > 0);
    }
}
