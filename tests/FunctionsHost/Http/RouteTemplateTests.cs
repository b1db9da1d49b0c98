using Recommender.FunctionsHost.Http;

namespace Recommender.Tests.FunctionsHost.Http;

public class RouteTemplateTests
{
    [Fact]
    public void Parameter_MatchesOneSegment_AndIsPercentDecoded()
    {
        var template = RouteTemplate.Parse("api/recommendations/{userId}");

        Assert.True(template.TryMatch("/api/recommendations/user%20one", out var values));
        Assert.Equal("user one", values["userId"]);
        Assert.False(template.TryMatch("/api/recommendations", out _));
        Assert.False(template.TryMatch("/api/recommendations/a/b", out _));
    }

    [Fact]
    public void Literals_MatchWithoutRegardToCase()
    {
        var template = RouteTemplate.Parse("api/training/runs");

        Assert.True(template.TryMatch("/API/Training/Runs", out var values));
        Assert.Empty(values);
        Assert.False(template.TryMatch("/api/training/run", out _));
    }

    [Fact]
    public void LiteralWithADot_IsOneSegment()
    {
        Assert.True(RouteTemplate.Parse("api/openapi/v1.json").TryMatch("/api/openapi/v1.json", out _));
    }

    [Fact]
    public void OptionalParameter_MayBeMissing()
    {
        var template = RouteTemplate.Parse("api/items/{id?}");

        Assert.True(template.TryMatch("/api/items", out var none));
        Assert.False(none.ContainsKey("id"));
        Assert.True(template.TryMatch("/api/items/7", out var some));
        Assert.Equal("7", some["id"]);
    }

    [Fact]
    public void IntConstraint_RejectsText()
    {
        var template = RouteTemplate.Parse("api/items/{id:int}");

        Assert.True(template.TryMatch("/api/items/42", out _));
        Assert.False(template.TryMatch("/api/items/abc", out _));
    }

    [Fact]
    public void CatchAll_TakesTheRestOfThePath()
    {
        Assert.True(RouteTemplate.Parse("api/files/{*path}").TryMatch("/api/files/a/b/c.txt", out var values));
        Assert.Equal("a/b/c.txt", values["path"]);
    }

    [Theory]
    [InlineData("api/{a}x")]
    [InlineData("api/{*rest}/more")]
    [InlineData("api/{}")]
    [InlineData("api/{open")]
    public void MalformedTemplates_AreRejected(string template)
    {
        Assert.Throws<FormatException>(() => RouteTemplate.Parse(template));
    }
}
