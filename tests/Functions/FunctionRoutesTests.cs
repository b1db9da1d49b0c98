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

        // The document describes the API, not itself.
        var expected = HttpRoutes().Where(r => r.Function != "OpenApi").OrderBy(r => r.Function, StringComparer.Ordinal);
        Assert.Equal(expected, described.OrderBy(r => r.Function, StringComparer.Ordinal));
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
