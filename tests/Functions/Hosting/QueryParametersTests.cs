using Microsoft.AspNetCore.Http;
using Recommender.Core.Serving;
using Recommender.Functions.Hosting;

namespace Recommender.Tests.Functions.Hosting;

public class QueryParametersTests
{
    private static QueryCollection Query(string text) => new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(text));

    [Theory]
    [InlineData("", 10)]
    [InlineData("?k=1", 1)]
    [InlineData("?k=1000", 1000)]
    public void TryParseK_AcceptsOneToAThousandAndDefaultsToTen(string query, int expected)
    {
        Assert.True(QueryParameters.TryParseK(Query(query), out int k, out string? error));
        Assert.Equal(expected, k);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("?k=0")]
    [InlineData("?k=1001")]
    [InlineData("?k=-1")]
    [InlineData("?k=+5")]
    [InlineData("?k=5.0")]
    [InlineData("?k=")]
    [InlineData("?k=1&k=2")]
    public void TryParseK_RefusesAnythingElseWithASentence(string query)
    {
        Assert.False(QueryParameters.TryParseK(Query(query), out _, out string? error));
        Assert.Equal("k must be an integer between 1 and 1000.", error);
    }

    [Theory]
    [InlineData("", RecommendationMode.Als, 0.8f)]
    [InlineData("?mode=als", RecommendationMode.Als, 0.8f)]
    [InlineData("?mode=mixed", RecommendationMode.Mixed, 0.8f)]
    [InlineData("?mode=mixed&alpha=0", RecommendationMode.Mixed, 0f)]
    [InlineData("?mode=mixed&alpha=1", RecommendationMode.Mixed, 1f)]
    public void TryParseMode_ReadsModeAndAlpha(string query, RecommendationMode mode, float alpha)
    {
        Assert.True(QueryParameters.TryParseMode(Query(query), out RecommendationMode parsedMode, out float parsedAlpha, out _));
        Assert.Equal(mode, parsedMode);
        Assert.Equal(alpha, parsedAlpha);
    }

    [Theory]
    [InlineData("?mode=ALS", "mode must be als or mixed.")]
    [InlineData("?mode=hybrid", "mode must be als or mixed.")]
    [InlineData("?alpha=1.5", "alpha must be a number between 0 and 1.")]
    [InlineData("?alpha=NaN", "alpha must be a number between 0 and 1.")]
    [InlineData("?alpha=abc", "alpha must be a number between 0 and 1.")]
    public void TryParseMode_RefusesUnknownModesAndAlphasOutOfRange(string query, string expected)
    {
        Assert.False(QueryParameters.TryParseMode(Query(query), out _, out _, out string? error));
        Assert.Equal(expected, error);
    }
}
