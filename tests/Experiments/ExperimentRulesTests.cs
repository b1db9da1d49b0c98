using Recommender.Core.Experiments;

namespace Recommender.Tests.Experiments;

public class ExperimentRulesTests
{
    [Fact]
    public void Check_ATwoWayHalfSplit_IsValid()
    {
        Assert.Null(ExperimentRules.Check([new("a", "v1", 0.5), new("b", "v2", 0.5)]));
    }

    [Fact]
    public void Check_SharesOffByLessThanTheTolerance_AreValid()
    {
        Assert.Null(ExperimentRules.Check([new("a", "v1", 1 / 3d), new("b", "v2", 1 / 3d), new("c", "v3", 0.3333334)]));
    }

    [Theory]
    [InlineData(1, "variants")]
    [InlineData(11, "variants")]
    public void Check_TooFewOrTooManyVariants_NamesVariants(int count, string field)
    {
        var variants = Enumerable.Range(0, count).Select(i => new ExperimentVariant("n" + i, "v" + i, 1d / count)).ToArray();

        Assert.Equal(field, ExperimentRules.Check(variants)?.Field);
    }

    [Theory]
    [InlineData(0.0, 1.0, "variants[0].share")]
    [InlineData(-0.5, 1.5, "variants[0].share")]
    [InlineData(0.5, 1.5, "variants[1].share")]
    [InlineData(double.NaN, 0.5, "variants[0].share")]
    [InlineData(0.5, 0.4, "variants")]
    [InlineData(0.5, 0.500002, "variants")]
    public void Check_BadShares_NameTheField(double first, double second, string field)
    {
        ExperimentProblem? problem = ExperimentRules.Check([new("a", "v1", first), new("b", "v2", second)]);

        Assert.Equal(field, problem?.Field);
    }

    [Fact]
    public void Check_RepeatedName_NamesTheSecondVariantsName()
    {
        ExperimentProblem? problem = ExperimentRules.Check([new("same", "v1", 0.5), new("same", "v2", 0.5)]);

        Assert.Equal("variants[1].name", problem?.Field);
        Assert.Contains("unique", problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AVersionWithSpaces_NamesTheVersion()
    {
        Assert.Equal("variants[0].version", ExperimentRules.Check([new("a", "v 1", 0.5), new("b", "v2", 0.5)])?.Field);
    }
}
