using Recommender.FunctionsHost.Http;
using Recommender.FunctionsHost.Metadata;

namespace Recommender.Tests.FunctionsHost.Http;

public class RouteTableTests
{
    private static readonly RouteTable _table = new(
    [
        Route("GetModel", "models/{version}", "get", "Admin"),
        Route("ActivateModel", "models/{version}/activate", "post", "Admin"),
        Route("ListModels", "models", "get", "Admin"),
        Route("Catalogue", "models/catalogue", "get", "Anonymous"),
        Route("Recommendations", "recommendations/{userId}", "get", "Function"),
        Route("Health", "health", "get", "Anonymous"),
    ]);

    [Fact]
    public void ALiteralSegment_WinsOverAParameter()
    {
        Assert.Equal("Catalogue", _table.Match("GET", "/api/models/catalogue")?.Route.Function.Name);
        Assert.Equal("GetModel", _table.Match("GET", "/api/models/v1")?.Route.Function.Name);
    }

    [Fact]
    public void RouteValues_ComeWithTheMatch()
    {
        RouteMatch? match = _table.Match("POST", "/api/models/20260101T000000Z-abcdef/activate");

        Assert.Equal("ActivateModel", match?.Route.Function.Name);
        Assert.Equal("20260101T000000Z-abcdef", match!.Values["version"]);
    }

    [Fact]
    public void AWrongMethod_OrAnUnknownPath_MatchesNothing()
    {
        Assert.Null(_table.Match("POST", "/api/recommendations/u1"));
        Assert.Null(_table.Match("GET", "/api/nothing-here"));
        Assert.Null(_table.Match("GET", "/recommendations/u1"));
    }

    [Fact]
    public void Locally_OnlyTheAdminLevelNeedsAKey_AsFuncStartNeedsNoneAtAll()
    {
        Assert.True(_table.Match("GET", "/api/models")!.Route.RequiresKey);
        Assert.False(_table.Match("GET", "/api/recommendations/u1")!.Route.RequiresKey);
        Assert.False(_table.Match("GET", "/api/health")!.Route.RequiresKey);
    }

    private static HttpFunctionRoute Route(string name, string route, string method, string authLevel)
    {
        string json = $$"""{"name":"request","type":"httpTrigger","direction":"In","authLevel":"{{authLevel}}","methods":["{{method}}"],"route":"{{route}}"}""";
        var function = new FunctionDescriptor(name, name, "/app/App.dll", "App." + name, [FunctionBinding.Parse(json)]);
        return HttpFunctionRoute.Create(function, "api");
    }
}
