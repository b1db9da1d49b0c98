using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using Recommender.Core.Als.Internals;
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
        Assert.Equal("tensorprimitives", root.GetProperty("cpuKernels").GetString());
    }

    [Fact]
    public async Task BenchCommand_NamesTheKernelSetItRan_AndTheCpuFeaturesTheRuntimeReports()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int exit = await CommandRunner.RunAsync(
            ["bench", "--users", "200", "--items", "300", "--interactions", "2000", "--factors", "64", "--iterations", "1", "--threads", "1"],
            stdout,
            stderr);

        Assert.True(exit == 0, stderr.ToString());
        using JsonDocument json = JsonDocument.Parse(stdout.ToString());
        string expected = FactorKernelSets.Name(FactorKernelSets.For(64));
        Assert.Equal(expected, json.RootElement.GetProperty("cpuKernels").GetString());
        Assert.Contains($"{expected} kernels", stderr.ToString(), StringComparison.Ordinal);
        string[] features = [.. json.RootElement.GetProperty("cpuFeatures").EnumerateArray().Select(f => f.GetString()!)];
        Assert.Equal(Avx2.IsSupported, features.Contains("avx2"));
        Assert.Equal(Avx512F.IsSupported, features.Contains("avx512f"));
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

        // The CPU kernel set is named only for the CPU fitter.
        Assert.False(json.RootElement.GetProperty("result").TryGetProperty("cpuKernels", out _));
        Assert.Equal("tensorprimitives", json.RootElement.GetProperty("comparison").GetProperty("cpuKernels").GetString());
    }
}
