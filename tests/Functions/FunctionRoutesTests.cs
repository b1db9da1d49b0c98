using System.Text.Json;
using System.Text.RegularExpressions;
using Recommender.Functions.Hosting;
using Recommender.Functions.OpenApi;
using Recommender.Tests.Infra;

namespace Recommender.Tests.Functions;

/// <summary>
/// The functions.metadata the worker SDK writes is what the Functions host routes; the .http examples and the OpenAPI
/// document must describe exactly those routes.
/// </summary>
public class FunctionRoutesTests
{
    // Routes that serve pages for people (and the document itself) rather than the API.
    private static readonly HashSet<string> _pages = ["OpenApi", "ApiDocs", "Demo", "DemoAsset"];

    private static IEnumerable<(string Function, string Method, string Path)> HttpRoutes()
    {
        foreach (FunctionDefinition function in FunctionDefinition.LoadAll().Where(f => f.TriggerType == "httpTrigger"))
        {
            foreach (JsonElement method in function.Trigger.GetProperty("methods").EnumerateArray())
            {
                yield return (function.Name, method.GetString()!.ToUpperInvariant(), "/api/" + FunctionDefinition.Text(function.Trigger, "route"));
            }
        }
    }

    [Fact]
    public void HttpFile_HasOneExampleRequestPerHttpFunction()
    {
        string[] lines = File.ReadAllLines(Path.Combine(TestSupport.RepoPaths.Root, "functions", "Recommender.Functions.http"));
        var headings = lines.Where(l => l.StartsWith("### ", StringComparison.Ordinal)).Select(l => l[4..].Split(':', ' ')[0]).ToList();

        foreach ((string function, string method, string path) in HttpRoutes())
        {
            int at = Array.FindIndex(lines, l => l == "### " + function || l.StartsWith("### " + function + ":", StringComparison.Ordinal) || l.StartsWith("### " + function + " ", StringComparison.Ordinal));
            Assert.True(at >= 0, $"The .http file has no example for {function}.");
            string request = lines.Skip(at + 1).First(l => l.Length > 0 && !l.StartsWith('#'));
            string expected = Regex.Replace(path, "{[^}]+}", "[^/?]+");
            Assert.Matches("^" + method + @" \{\{baseUrl\}\}" + expected.Replace(".", "\\.", StringComparison.Ordinal) + "(\\?.*)?$", request.Replace("{{userId}}", "u").Replace("{{itemId}}", "i").Replace("{{version}}", "v"));
        }

        Assert.Equal(HttpRoutes().Select(r => r.Function).Distinct().Order(StringComparer.Ordinal), headings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OpenApiDocument_DescribesExactlyTheHttpFunctions()
    {
        using JsonDocument document = JsonDocument.Parse(OpenApiEndpoint.Document);
        var described = new List<(string Function, string Method, string Path)>();
        foreach (JsonProperty path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (JsonProperty operation in path.Value.EnumerateObject())
            {
                described.Add((operation.Value.GetProperty("operationId").GetString()!, operation.Name.ToUpperInvariant(), path.Name));
            }
        }

        // The document describes the API, not itself or the pages for people.
        var expected = HttpRoutes().Where(r => !_pages.Contains(r.Function)).OrderBy(r => r.Function, StringComparer.Ordinal);
        Assert.Equal(expected, described.OrderBy(r => r.Function, StringComparer.Ordinal));
    }

    [Fact]
    public void OpenApiDocument_DescribesEveryRouteParameter_ErrorAnswers_AndTheAdminKey()
    {
        using JsonDocument document = JsonDocument.Parse(OpenApiEndpoint.Document);
        JsonElement paths = document.RootElement.GetProperty("paths");
        var authLevels = FunctionDefinition.LoadAll().Where(f => f.TriggerType == "httpTrigger")
            .ToDictionary(f => f.Name, f => FunctionDefinition.Text(f.Trigger, "authLevel")!.ToLowerInvariant());
        foreach ((string function, string method, string path) in HttpRoutes().Where(r => !_pages.Contains(r.Function)))
        {
            JsonElement operation = paths.GetProperty(path).GetProperty(method.ToLowerInvariant());
            var parameters = operation.TryGetProperty("parameters", out JsonElement list) ? list.EnumerateArray().ToList() : [];
            string[] routeNames = [.. Regex.Matches(path, "{([^}]+)}").Select(m => m.Groups[1].Value)];
            string[] pathNames = [.. parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!)];
            Assert.Equal(routeNames.Order(StringComparer.Ordinal), pathNames.Order(StringComparer.Ordinal));
            Assert.All(parameters, p => Assert.True(p.TryGetProperty("schema", out _), $"{function}: parameter {p.GetProperty("name")} has no schema."));
            Assert.Contains(operation.GetProperty("responses").EnumerateObject(), r => r.Name[0] is '4' or '5');
            bool secured = operation.TryGetProperty("security", out JsonElement security)
                && security.EnumerateArray().Any(s => s.TryGetProperty("FunctionKey", out _));
            Assert.True(secured == (authLevels[function] != "anonymous"), $"{function}: the admin key requirement does not match its authLevel.");
        }

        JsonElement scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("FunctionKey");
        Assert.Equal("x-functions-key", scheme.GetProperty("name").GetString());
        Assert.NotEqual("Recommender", document.RootElement.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public void OpenApiDocument_GivesTheRecommendationParametersTheirRanges()
    {
        using JsonDocument document = JsonDocument.Parse(OpenApiEndpoint.Document);
        var parameters = document.RootElement.GetProperty("paths").GetProperty("/api/recommendations/{userId}").GetProperty("get")
            .GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));

        Assert.Equal(1, parameters["k"].GetProperty("minimum").GetInt32());
        Assert.Equal(QueryParameters.MaxK, parameters["k"].GetProperty("maximum").GetInt32());
        Assert.Equal(["als", "mixed"], parameters["mode"].GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, parameters["alpha"].GetProperty("minimum").GetDouble());
        Assert.Equal(1, parameters["alpha"].GetProperty("maximum").GetDouble());
        Assert.Equal("boolean", parameters["explain"].GetProperty("type").GetString());
    }

    [Fact]
    public void EverySettingTheAppReads_IsInTheLocalSampleAndDeployedByBicep()
    {
        IReadOnlyList<string> names = SettingNameCollector.FromOptions(typeof(RecommenderOptions));

        IReadOnlyList<string> missing = AppSettingNames.MissingFromDeployment(names);

        Assert.Contains("TrainingLauncher", names);
        Assert.Contains("TrainingJobResourceId", names);
        Assert.True(missing.Count == 0, "Settings read by RecommenderOptions but not deployed: " + string.Join(", ", missing));
    }
}
