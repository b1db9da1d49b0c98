using System.Text.Json;
using Recommender.TrainingJob.Commands;

namespace Recommender.Tests.Evaluation;

public class EvaluationBenchmarkTests
{
    [Fact]
    public async Task BenchEvaluate_PrintsEveryPassSize_WithMetricsIdenticalToOneUserPerPass()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int exit = await CommandRunner.RunAsync(["bench-evaluate", "--users", "300", "--items", "500", "--factors", "16", "--rounds", "1", "--threads", "2"], stdout, stderr);

        Assert.True(exit == 0, stderr.ToString());
        using JsonDocument json = JsonDocument.Parse(stdout.ToString());
        JsonElement root = json.RootElement;
        Assert.Equal(500, root.GetProperty("items").GetInt32());
        Assert.Equal(16, root.GetProperty("defaultUsersPerPass").GetInt32());
        Assert.True(root.GetProperty("cpuFeatures").GetArrayLength() > 0);
        JsonElement[] passes = root.GetProperty("passes").EnumerateArray().ToArray();
        Assert.Equal([1, 4, 8, 16], passes.Select(p => p.GetProperty("usersPerPass").GetInt32()));
        Assert.All(passes, p => Assert.True(p.GetProperty("identicalMetrics").GetBoolean()));
        Assert.All(passes, p => Assert.True(p.GetProperty("medianSeconds").GetDouble() >= 0));
    }

    [Fact]
    public async Task BenchEvaluate_RefusesATooSmallCatalogue_WithOneLine()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int exit = await CommandRunner.RunAsync(["bench-evaluate", "--items", "1"], stdout, stderr);

        Assert.NotEqual(0, exit);
        Assert.Contains("--items", stderr.ToString(), StringComparison.Ordinal);
    }
}
