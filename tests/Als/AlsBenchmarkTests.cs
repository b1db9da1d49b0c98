using System.Text.Json;
using Recommender.TrainingJob.Commands;

namespace Recommender.Tests.Als;

public class AlsBenchmarkTests
{
    [Fact]
    public async Task BenchCommand_PrintsOneJsonObject_WithSecondsPerIteration()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int exit = await CommandRunner.RunAsync(
            ["bench", "--users", "300", "--items", "400", "--interactions", "3000", "--factors", "16", "--iterations", "3", "--threads", "2", "--seed", "7"],
            stdout,
            stderr);

        Assert.True(exit == 0, stderr.ToString());
        using JsonDocument json = JsonDocument.Parse(stdout.ToString());
        JsonElement root = json.RootElement;
        Assert.Equal(300, root.GetProperty("users").GetInt32());
        Assert.Equal(16, root.GetProperty("factors").GetInt32());
        Assert.InRange(root.GetProperty("nnz").GetInt32(), 2700, 3300);
        Assert.Equal("cpu", root.GetProperty("device").GetProperty("kind").GetString());
        Assert.Equal(3, root.GetProperty("iterationSeconds").GetArrayLength());
        Assert.True(root.GetProperty("secondsPerIteration").GetDouble() > 0);
        Assert.Contains("iteration 3/3", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchCommand_FailsWithOneLine_ForAbsentCuda()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int exit = await CommandRunner.RunAsync(["bench", "--users", "10", "--items", "10", "--interactions", "5", "--device", "cuda"], stdout, stderr);

        Assert.Equal(1, exit);
        Assert.StartsWith("error: ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("No CUDA device found", stderr.ToString(), StringComparison.Ordinal);
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
        Assert.Equal(string.Empty, stdout.ToString());
    }

    [Fact]
    public async Task BenchCommand_RejectsAnUnknownOption()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int exit = await CommandRunner.RunAsync(["bench", "--factor", "8"], stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Contains("--factor", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchCommand_WithCompareDevice_ReportsBothDevicesFromOneRun()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int exit = await CommandRunner.RunAsync(
            ["bench", "--users", "100", "--items", "150", "--interactions", "600", "--factors", "8", "--iterations", "2", "--device", "ilgpu-cpu", "--compare-device", "cpu"],
            stdout,
            stderr);

        Assert.True(exit == 0, stderr.ToString());
        using JsonDocument json = JsonDocument.Parse(stdout.ToString());
        Assert.Equal("ilgpu-cpu", json.RootElement.GetProperty("result").GetProperty("device").GetProperty("kind").GetString());
        Assert.Equal("cpu", json.RootElement.GetProperty("comparison").GetProperty("device").GetProperty("kind").GetString());
        Assert.True(json.RootElement.GetProperty("comparisonOverResult").GetDouble() > 0);
    }
}
