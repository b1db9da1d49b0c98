using Recommender.Core.Data;
using Recommender.Core.Data.Quality;

namespace Recommender.Tests.Data.Quality;

public class DataRulesTests
{
    private const string FaultyEvents =
        "user_id,item_id,strength,timestamp\n" +
        "1,10,4.0,100\n" +
        "-3,10,4.0,101\n" +
        "2,11,6,102\n" +
        "two words,11,3.0,103\n" +
        "2,10,0.5,104\n" +
        "4,1\t2,3.0,105\n";

    private static InteractionTable Load(string text, RatingsLoadOptions options) =>
        TestTables.Load(text, "events.csv", options with { MaxRejectRate = 1 });

    [Fact]
    public void Load_RejectsNegativeIdsOutOfRangeRatingsAndIdsWithWhiteSpace_CountingEachWithExamples()
    {
        var table = Load(FaultyEvents, new RatingsLoadOptions { MinValue = 0.5, MaxValue = 5 });
        RejectReport report = table.Report;

        Assert.Equal(6, report.RowsRead);
        Assert.Equal(2, report.Accepted);
        Assert.Equal(3, report.RejectedFor(RejectReason.InvalidId));
        Assert.Equal(1, report.RejectedFor(RejectReason.ValueOutOfRange));
        Assert.Equal(["1", "2"], table.Users.Ids);

        IReadOnlyList<RejectedRow> invalid = report.ExamplesFor(RejectReason.InvalidId);
        Assert.Equal([3L, 5L, 7L], invalid.Select(r => r.LineNumber));
        Assert.Equal("-3,10,4.0,101", invalid[0].Text);
        Assert.Equal("user id '-3'", invalid[0].Detail);
        Assert.Equal("two words,11,3.0,103", invalid[1].Text);
        Assert.Equal("item id '1\t2'", invalid[2].Detail);
        RejectedRow outOfRange = Assert.Single(report.ExamplesFor(RejectReason.ValueOutOfRange));
        Assert.Equal(4, outOfRange.LineNumber);
        Assert.Equal("2,11,6,102", outOfRange.Text);
    }

    [Fact]
    public void Load_WithoutARatingRange_AcceptsARatingOfSixInAGenericFile()
    {
        var table = Load("user_id,item_id,strength,timestamp\n1,10,6,100\n", new RatingsLoadOptions());

        Assert.Equal(0, table.Report.Rejected);
    }

    [Fact]
    public void Load_WithAnIdPattern_RejectsIdsThatDoNotMatchInFull()
    {
        var table = Load("user_id,item_id,strength,timestamp\n1,10,1,1\nu1,10,1,1\n12x,10,1,1\n", new RatingsLoadOptions { Ids = IdRule.Pattern("[0-9]+") });

        Assert.Equal(2, table.Report.RejectedFor(RejectReason.InvalidId));
        Assert.Equal(["1"], table.Users.Ids);
    }

    [Fact]
    public void Pattern_ThatIsNotARegularExpression_IsRefusedWithItsText()
    {
        var e = Assert.Throws<ArgumentException>(() => IdRule.Pattern("[0-9"));

        Assert.Contains("[0-9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeepsAtMostThreeExamplesPerReason_AndCutsLongRows()
    {
        string longId = new('x', 300);
        string text = "user_id,item_id,strength,timestamp\n" + string.Concat(Enumerable.Range(0, 5).Select(i => $"u {i},{longId},1,1\n"));

        RejectReport report = Load(text, new RatingsLoadOptions()).Report;

        Assert.Equal(5, report.RejectedFor(RejectReason.InvalidId));
        Assert.Equal(RejectReport.MaxExamplesPerReason, report.ExamplesFor(RejectReason.InvalidId).Count);
        Assert.Equal(RejectReport.MaxExampleText + 3, report.ExamplesFor(RejectReason.InvalidId)[0].Text.Length);
    }

    [Fact]
    public void Build_SummarisesRangesRulesAndNewIdsAgainstTheLiveVersion()
    {
        var table = Load(FaultyEvents, new RatingsLoadOptions { MinValue = 0.5, MaxValue = 5 });

        DataQualityReport report = DataQualityReport.Build(table, 0.05, "v1", IdMap.FromIds(["1", "9"]), IdMap.FromIds(["10"]));

        DataQualitySummary summary = report.Summary;
        Assert.Equal(6, summary.RowsRead);
        Assert.Equal(4, summary.Rejected);
        Assert.Equal(3, summary.RejectedByReason["InvalidId"]);
        Assert.Equal(0.5, summary.Rules.MinRating);
        Assert.Equal(5, summary.Rules.MaxRating);
        Assert.Equal(0.05, summary.Rules.MaxRejectRate);
        Assert.Equal(0.5f, summary.Ranges.MinRating);
        Assert.Equal(4f, summary.Ranges.MaxRating);
        Assert.Equal(100, summary.Ranges.MinTimestamp);
        Assert.Equal(104, summary.Ranges.MaxTimestamp);
        Assert.Equal(1, summary.NewUsers);
        Assert.Equal(0, summary.NewItems);
        Assert.Equal(4, report.Examples.Count);
    }

    [Fact]
    public void Load_WithAPatternThatAllowsSpaces_AcceptsTitlesButStillRejectsControlCharacters()
    {
        var table = Load("user_id,item_id,strength,timestamp\n1,\"heat, 1995\",1,1\n2,up\u00072009,1,1\n", new RatingsLoadOptions { Ids = IdRule.Pattern(".+") });

        Assert.Equal(["heat, 1995"], table.Items.Ids);
        Assert.Equal(1, table.Report.RejectedFor(RejectReason.InvalidId));
    }
}
