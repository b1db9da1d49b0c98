using System.Text.Json;
using Recommender.Core.Artifacts;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.TrainingJob;

public class TrainCommandTests
{
    private static readonly string[] _fastAls = ["--factors", "16", "--iterations", "5", "--threads", "2"];

    [Fact]
    public async Task Train_OnSyntheticData_PublishesTheFirstModelAndPromotesIt()
    {
        using var dir = new TempDirectory();
        var (ratings, movies) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--items", movies, "--out", models, .. _fastAls]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement json = result.Json;
        string version = json.GetProperty("version").GetString()!;
        Assert.True(json.GetProperty("promoted").GetBoolean());
        Assert.True(json.GetProperty("metrics").GetProperty("ndcg@10").GetDouble() > json.GetProperty("popularity").GetProperty("ndcg@10").GetDouble());
        var repository = new ModelRepository(new LocalDirectoryModelStore(models));
        Assert.Equal(version, (await repository.GetCurrentAsync())!.Value.Pointer.Version);
        ModelPackage loaded = await repository.LoadAsync(version);
        Assert.Equal(16, loaded.Factors.Factors);
        Assert.Contains(loaded.Titles, t => t.Length > 0);
        Assert.Contains("iteration 5/5", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WritesAManifestWithEveryDocumentedField()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, "--k", "5,10", .. _fastAls]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        string version = result.Json.GetProperty("version").GetString()!;
        using JsonDocument manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(models, version, "manifest.json")));
        JsonElement m = manifest.RootElement;
        foreach (string field in new[] { "version", "createdAt", "dataset", "hyperparameters", "split", "metrics", "baseline", "timings", "device", "artifacts" })
        {
            Assert.True(m.TryGetProperty(field, out _), $"manifest.json lacks '{field}'");
        }

        foreach (string metric in new[] { "ndcg@10", "precision@10", "recall@10", "map@10", "hit@10", "coverage@10", "ndcg@5" })
        {
            Assert.True(m.GetProperty("metrics").TryGetProperty(metric, out _), $"metrics lack '{metric}'");
            Assert.True(m.GetProperty("baseline").GetProperty("popularity").TryGetProperty(metric, out _), $"baseline lacks '{metric}'");
        }

        Assert.Equal(64, m.GetProperty("dataset").GetProperty("sha256").GetString()!.Length);
        Assert.Equal(9000, m.GetProperty("dataset").GetProperty("rows").GetInt64());
        Assert.True(m.GetProperty("timings").GetProperty("secondsPerIteration").GetDouble() > 0);
        Assert.Equal(9, m.GetProperty("artifacts").GetArrayLength());
        Assert.Contains(m.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("name").GetString() == "interactions.parquet" && a.GetProperty("sha256").GetString()!.Length == 64);
    }

    [Fact]
    public async Task Train_SecondRunWithLargeMinImprove_LeavesCurrentUnchangedAndSaysWhy()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");
        var first = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, .. _fastAls]);
        Assert.True(first.ExitCode == 0, first.Stderr);

        var second = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, "--min-improve", "0.5", .. _fastAls]);

        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.False(second.Json.GetProperty("promoted").GetBoolean());
        Assert.Contains("not promoted", second.Json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(first.Json.GetProperty("version").GetString(), second.Json.GetProperty("liveVersion").GetString());
        var repository = new ModelRepository(new LocalDirectoryModelStore(models));
        Assert.Equal(first.Json.GetProperty("version").GetString(), (await repository.GetCurrentAsync())!.Value.Pointer.Version);
        Assert.Equal(2, (await repository.ListAsync()).Count);
    }

    [Fact]
    public async Task Train_SameDataAgainWithZeroMinImprove_IsPromoted()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");
        await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, .. _fastAls]);

        var second = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, .. _fastAls]);

        // Same seed and data give the same factors, so the candidate ties the live model and passes ">=".
        Assert.True(second.Json.GetProperty("promoted").GetBoolean(), second.Json.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Train_MissingRatingsFile_FailsWithOneLine()
    {
        using var dir = new TempDirectory();

        var result = await TrainingJobCli.RunAsync("train", "--ratings", Path.Combine(dir.Path, "nope.csv"), "--out", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nope.csv", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Train_TooManyMalformedRows_FailsWithCountsAndWritesNothing()
    {
        using var dir = new TempDirectory();
        string ratings = Path.Combine(dir.Path, "ratings.csv");
        await File.WriteAllTextAsync(ratings, "userId,movieId,rating,timestamp\n1,10,4.0,100\n1,11,abc,101\n2,10,9.5,102\n2,11,3.0,103\n");
        string models = Path.Combine(dir.Path, "models");

        var result = await TrainingJobCli.RunAsync("train", "--ratings", ratings, "--out", models);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("NonNumericValue", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(models) && Directory.EnumerateFiles(models, "manifest.json", SearchOption.AllDirectories).Any());
    }

    [Theory]
    [InlineData("--factors", "0")]
    [InlineData("--confidence", "cubic")]
    [InlineData("--k", "ten")]
    [InlineData("--bogus", "1")]
    public async Task Train_BadOption_FailsWithUsageExitCode(string option, string value)
    {
        using var dir = new TempDirectory();

        var result = await TrainingJobCli.RunAsync("train", "--ratings", "x.csv", "--out", dir.Path, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_ReadsAGenericCsvWithNamedColumns()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string generic = Path.Combine(dir.Path, "events.csv");
        var lines = File.ReadAllLines(ratings).Skip(1).Select(l => l.Split(','));
        await File.WriteAllLinesAsync(generic, ["who,strength,what,when", .. lines.Select(f => $"user-{f[0]},{f[2]},item-{f[1]},{f[3]}")]);

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", generic, "--out", Path.Combine(dir.Path, "models"), "--format", "csv",
            "--user-column", "who", "--item-column", "what", "--value-column", "strength", "--timestamp-column", "when", .. _fastAls]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("300 users", result.Stderr, StringComparison.Ordinal);
    }
}
