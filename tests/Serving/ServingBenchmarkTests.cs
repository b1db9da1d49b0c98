using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using Recommender.Core.Serving;

namespace Recommender.Tests.Serving;

public class ServingBenchmarkTests
{
    [Fact]
    public void Run_ReportsTheDefaultPath_TheCpuFeaturesAndNoMismatches()
    {
        ServingBenchmarkResult result = ServingBenchmark.Run(users: 30, items: 500, factors: 16, k: 5, requests: 40, seed: 3);

        Assert.Equal(ScoringPaths.Name(ScoringPaths.Preferred), result.Default.Path);
        Assert.Equal(Avx2.IsSupported, result.CpuFeatures.Contains("avx2"));
        Assert.Equal(AvxVnni.IsSupported, result.CpuFeatures.Contains("avx-vnni"));
        Assert.Equal(Avx512BW.IsSupported, result.Quantized.Any(p => p.Path == "quantized-avx512bw"));
        Assert.Equal(0, result.MismatchedUsers);
        Assert.Equal("stream-read", result.StreamRead.Path);

        using var json = JsonDocument.Parse(result.ToJson());
        Assert.Equal(result.Default.Path, json.RootElement.GetProperty("defaultPath").GetString());
        Assert.Equal(result.CpuFeatures.Count, json.RootElement.GetProperty("cpuFeatures").GetArrayLength());
        Assert.Equal(result.Quantized.Count, json.RootElement.GetProperty("quantized").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("mismatchedUsers").GetInt32());
    }
}
