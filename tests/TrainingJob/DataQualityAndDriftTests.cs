using System.Globalization;
using System.Text.Json;
using Recommender.Core.Artifacts;
using Recommender.Core.Data.Quality;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.TrainingJob;

/// <summary>A live model trained on clean data, then runs on data with injected faults: out-of-range ratings, bad ids and a popularity shift.</summary>
public class DataQualityAndDriftTests
{
    private static readonly string[] _fastAls = ["--factors", "16", "--iterations", "5", "--threads", "2"];

    [Fact]
    public async Task Train_OnFaultyShiftedData_WritesBothReportsAndDriftBlocksPromotionUnlessAllowed()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");
        var first = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, .. _fastAls]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        string liveVersion = first.Json.GetProperty("version").GetString()!;
        string faulty = await WriteFaultyShiftedCopyAsync(ratings, Path.Combine(dir.Path, "faulty.csv"));

        var blocked = await TrainingJobCli.RunAsync(["train", "--ratings", faulty, "--out", models, "--rating-range", "0.5:5", .. _fastAls]);

        Assert.True(blocked.ExitCode == 0, blocked.Stderr);
        Assert.False(blocked.Json.GetProperty("promoted").GetBoolean());
        string reason = blocked.Json.GetProperty("reason").GetString()!;
        Assert.Contains($"drift from live {liveVersion}", reason, StringComparison.Ordinal);
        Assert.Contains("item-popularity PSI", reason, StringComparison.Ordinal);
        var repository = new ModelRepository(new LocalDirectoryModelStore(models));
        Assert.Equal(liveVersion, (await repository.GetCurrentAsync())!.Value.Pointer.Version);

        string version = blocked.Json.GetProperty("version").GetString()!;
        ModelManifest manifest = (await repository.GetManifestAsync(version))!;
        Assert.False(manifest.Gate!.Passed);
        Assert.NotNull(manifest.Drift);
        Assert.Equal(liveVersion, manifest.Drift.LiveVersion);
        Assert.True(manifest.Drift.PopularityPsi > 0.25, $"PSI {manifest.Drift.PopularityPsi}");
        Assert.True(manifest.Drift.TopItemsOverlap < 0.5, $"overlap {manifest.Drift.TopItemsOverlap}");
        Assert.True(manifest.Drift.Blocks);
        Assert.True(manifest.Drift.UsersCompared > 0);

        DataQualitySummary quality = manifest.DataQuality!;
        Assert.Equal(9000 + 14, quality.RowsRead);
        Assert.Equal(10, quality.RejectedByReason["ValueOutOfRange"]);
        Assert.Equal(4, quality.RejectedByReason["InvalidId"]);
        Assert.Equal(0.5, quality.Rules.MinRating);
        Assert.Equal(5, quality.Rules.MaxRating);
        Assert.Equal(liveVersion, quality.LiveVersion);
        Assert.Equal(0, quality.NewUsers);
        Assert.True(quality.Ranges.MaxRating <= 5f);

        // data-quality.json is an artifact with a checksum like the others, and carries examples with line and text.
        Assert.Contains(manifest.Artifacts, a => a.Name == ArtifactNames.DataQuality && a.Sha256.Length == 64);
        DataQualityReport report = (await repository.ReadDataQualityAsync(version))!;
        Assert.Equal(3, report.Examples.Count(e => e.Reason == Core.Data.RejectReason.ValueOutOfRange));
        Assert.Contains(report.Examples, e => e.Reason == Core.Data.RejectReason.ValueOutOfRange && e.Text.EndsWith(",7.0,1700000000", StringComparison.Ordinal) && e.LineNumber > 9000);
        Assert.Contains(report.Examples, e => e.Reason == Core.Data.RejectReason.InvalidId && e.Text.StartsWith("user 1,", StringComparison.Ordinal));
        using (JsonDocument onDisk = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(models, version, "data-quality.json"))))
        {
            Assert.Equal("ValueOutOfRange", onDisk.RootElement.GetProperty("examples")[0].GetProperty("reason").GetString());
        }

        var allowed = await TrainingJobCli.RunAsync(["train", "--ratings", faulty, "--out", models, "--allow-drift", .. _fastAls]);

        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
        Assert.True(allowed.Json.GetProperty("promoted").GetBoolean(), allowed.Json.GetProperty("reason").GetString());
        Assert.Contains("allowed by --allow-drift", allowed.Json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(allowed.Json.GetProperty("drift").GetProperty("allowed").GetBoolean());
        Assert.Equal(allowed.Json.GetProperty("version").GetString(), (await repository.GetCurrentAsync())!.Value.Pointer.Version);
    }

    [Fact]
    public async Task Train_SameDataAgain_ReportsNoDriftBeyondTheThresholds()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");
        var first = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, .. _fastAls]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(JsonValueKind.Null, first.Json.GetProperty("drift").ValueKind);

        var second = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, .. _fastAls]);

        Assert.True(second.ExitCode == 0, second.Stderr);
        JsonElement drift = second.Json.GetProperty("drift");
        Assert.Equal(0, drift.GetProperty("popularityPsi").GetDouble(), 12);
        Assert.Equal(1, drift.GetProperty("topItemsOverlap").GetDouble());
        Assert.Equal(0, drift.GetProperty("exceeded").GetArrayLength());
        Assert.Equal(0, second.Json.GetProperty("dataQuality").GetProperty("newItems").GetInt32());
    }

    [Fact]
    public async Task Train_AboveTheRejectRateLimit_FailsWithOneLineAndPublishesNothing()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string faulty = await WriteFaultyShiftedCopyAsync(ratings, Path.Combine(dir.Path, "faulty.csv"));
        string models = Path.Combine(dir.Path, "models");

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", faulty, "--out", models, "--max-reject-rate", "0.001", .. _fastAls]);

        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Too many malformed rows (limit 0.10%)", line, StringComparison.Ordinal);
        Assert.Contains("ValueOutOfRange 10", line, StringComparison.Ordinal);
        Assert.Contains("InvalidId 4", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(models) && Directory.EnumerateFiles(models, "manifest.json", SearchOption.AllDirectories).Any());
    }

    [Theory]
    [InlineData("--rating-range", "5:0.5")]
    [InlineData("--rating-range", "five")]
    [InlineData("--id-pattern", "[0-9")]
    [InlineData("--max-popularity-psi", "-1")]
    public async Task Train_ABadRuleOrThreshold_FailsWithUsageExitCode(string option, string value)
    {
        using var dir = new TempDirectory();

        var result = await TrainingJobCli.RunAsync("train", "--ratings", "x.csv", "--out", dir.Path, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// The same interactions with item popularity turned upside down (the k-th most popular item takes the id of the
    /// k-th least popular), plus ten ratings of 7, two negative user ids and two user ids with a space.
    /// </summary>
    private static async Task<string> WriteFaultyShiftedCopyAsync(string ratings, string path)
    {
        string[] lines = await File.ReadAllLinesAsync(ratings);
        string[][] rows = [.. lines.Skip(1).Select(l => l.Split(','))];
        string[] byPopularity = [.. rows.GroupBy(r => r[1]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key)];
        var swapped = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < byPopularity.Length; i++)
        {
            swapped[byPopularity[i]] = byPopularity[byPopularity.Length - 1 - i];
        }

        var output = new List<string> { lines[0] };
        output.AddRange(rows.Select(r => $"{r[0]},{swapped[r[1]]},{r[2]},{r[3]}"));
        for (int i = 0; i < 10; i++)
        {
            output.Add(string.Create(CultureInfo.InvariantCulture, $"{i + 1},{byPopularity[i]},7.0,1700000000"));
        }

        output.AddRange(["-1,1,4.0,1700000000", "-2,2,4.0,1700000000", "user 1,1,4.0,1700000000", "user 2,2,4.0,1700000000"]);
        await File.WriteAllLinesAsync(path, output);
        return path;
    }
}
