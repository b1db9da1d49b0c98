using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Recommender.Functions.Hosting;
using Recommender.Tests.Functions.Training;
using Recommender.Tests.Infra;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions;

/// <summary>
/// The Functions host routes what function.json declares; the handler must serve exactly that: every HTTP function's
/// method and route, a POST /{Name} for every queue or timer function, and nothing under /api the host would not forward.
/// </summary>
public class FunctionRoutesTests
{
    private sealed record HandlerRoute(string Method, string Pattern, Regex Matcher);

    private static List<HandlerRoute> HandlerRoutes(bool standalone)
    {
        // Building the app maps every endpoint without starting anything, so no storage is contacted.
        WebApplication app = HandlerHost.Build("UseDevelopmentStorage=true", standalone, new StorageLayoutOptions());
        var routes = new List<HandlerRoute>();
        foreach (EndpointDataSource source in ((IEndpointRouteBuilder)app).DataSources)
        {
            foreach (RouteEndpoint endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                string pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
                // {param} (optionally inside a segment, as in {documentName}.json) matches any one segment's text.
                var matcher = new Regex("^" + Regex.Replace(Regex.Escape(pattern).Replace("\\{", "{", StringComparison.Ordinal), "{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant);
                foreach (string method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                {
                    routes.Add(new HandlerRoute(method.ToUpperInvariant(), pattern, matcher));
                }
            }
        }

        return routes;
    }

    private static IEnumerable<(string Function, string Method, string Path)> DeclaredRoutes()
    {
        foreach (FunctionDefinition function in FunctionDefinition.LoadAll())
        {
            if (function.TriggerType == "httpTrigger")
            {
                foreach (var method in function.Trigger.GetProperty("methods").EnumerateArray())
                {
                    yield return (function.Name, method.GetString()!.ToUpperInvariant(), "/api/" + FunctionDefinition.Text(function.Trigger, "route"));
                }
            }
            else
            {
                // Queue and timer invocations arrive as POST /{FunctionName}.
                yield return (function.Name, "POST", "/" + function.Name);
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryFunctionJson_HasAHandlerEndpoint(bool standalone)
    {
        List<HandlerRoute> routes = HandlerRoutes(standalone);

        var missing = DeclaredRoutes()
            .Where(d => !routes.Any(r => r.Method == d.Method && r.Matcher.IsMatch(d.Path)))
            .Select(d => $"{d.Function}: {d.Method} {d.Path}")
            .ToList();

        Assert.True(missing.Count == 0, "function.json routes the handler does not serve: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryHandlerEndpoint_HasAFunctionJson(bool standalone)
    {
        var declared = DeclaredRoutes().ToList();

        var orphans = HandlerRoutes(standalone)
            .Where(r => !declared.Any(d => d.Method == r.Method && r.Matcher.IsMatch(d.Path)))
            .Select(r => $"{r.Method} {r.Pattern}")
            .ToList();

        Assert.True(orphans.Count == 0, "Handler endpoints no function.json routes to: " + string.Join(", ", orphans));
    }

    [Fact]
    public void NonHttpFunctions_AreServedAsInvocations()
    {
        List<HandlerRoute> routes = HandlerRoutes(standalone: false);

        Assert.Contains(routes, r => r.Method == "POST" && r.Pattern == "/NightlyRetrain");
        Assert.Contains(routes, r => r.Method == "POST" && r.Pattern == "/LogFeedback");
    }

    [Fact]
    public void HttpFile_HasOneExampleRequestPerFunction()
    {
        string[] lines = File.ReadAllLines(Path.Combine(TestSupport.RepoPaths.Root, "functions", "Recommender.Functions.http"));
        var headings = lines.Where(l => l.StartsWith("### ", StringComparison.Ordinal)).Select(l => l[4..].Split(':', ' ')[0]).ToList();

        foreach ((string function, string method, string path) in DeclaredRoutes())
        {
            int at = Array.FindIndex(lines, l => l == "### " + function || l.StartsWith("### " + function + ":", StringComparison.Ordinal) || l.StartsWith("### " + function + " ", StringComparison.Ordinal));
            Assert.True(at >= 0, $"The .http file has no example for {function}.");
            string request = lines.Skip(at + 1).First(l => l.Length > 0 && !l.StartsWith('#'));
            string expected = Regex.Replace(path, "{[^}]+}", "[^/?]+");
            Assert.Matches("^" + method + @" \{\{baseUrl\}\}" + expected.Replace(".", "\\.", StringComparison.Ordinal) + "(\\?.*)?$", request.Replace("{{userId}}", "u").Replace("{{itemId}}", "i").Replace("{{version}}", "v"));
        }

        Assert.Equal(headings.Count, headings.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EverySettingTheHandlerReads_IsInTheLocalSampleAndDeployedByBicep()
    {
        IReadOnlyList<string> names = SettingNameCollector.FromOptions(typeof(RecommenderOptions));

        IReadOnlyList<string> missing = AppSettingNames.MissingFromDeployment(names);

        Assert.Contains("TrainingLauncher", names);
        Assert.Contains("TrainingJobResourceId", names);
        Assert.True(missing.Count == 0, "Settings read by RecommenderOptions but not deployed: " + string.Join(", ", missing));
    }
}
