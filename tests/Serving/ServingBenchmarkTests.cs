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

    [Fact]
    public void BatchRun_ReportsEveryBatchSize_BothForms_AndNoMismatches()
    {
        BatchBenchmarkResult result = BatchServingBenchmark.Run(users: 40, items: 300, factors: 16, k: 5, requests: 64, seed: 2, concurrency: 3, batch: 8, window: TimeSpan.Zero, scorers: 1);

        int paths = ScoringPaths.Preferred == ScoringPath.Exact ? 1 : 2;
        Assert.Equal((paths * 3 * 2) + 2, result.Modes.Count);
        Assert.Equal([2, 4, 8], result.Modes.Where(m => m.Mode == "batched" && m.Path == "exact").Select(m => m.Batch));
        Assert.All(result.Modes, m => Assert.Equal(0, m.MismatchedUsers));
        Assert.All(result.Modes, m => Assert.True(m.UsersPerSecond > 0 && m.MedianMs > 0 && m.P99Ms >= m.MedianMs, $"{m.Path} {m.Mode} {m.Batch}"));
        Assert.Equal(["direct", "coalesced"], result.Modes.TakeLast(2).Select(m => m.Mode));

        using var json = JsonDocument.Parse(result.ToJson());
        JsonElement coalesced = json.RootElement.GetProperty("modes")[result.Modes.Count - 1];
        Assert.True(coalesced.TryGetProperty("throughputOverSingle", out _));
        Assert.True(coalesced.TryGetProperty("coalescedShare", out _));
        Assert.Equal(Environment.ProcessorCount, json.RootElement.GetProperty("processorCount").GetInt32());
    }
}
