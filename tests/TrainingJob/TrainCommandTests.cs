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
        foreach (string field in new[] { "version", "createdAt", "dataset", "hyperparameters", "split", "metrics", "baseline", "timings", "device", "dataQuality", "artifacts" })
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
        Assert.Equal(11, m.GetProperty("artifacts").GetArrayLength());
        Assert.Contains(m.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("name").GetString() == "data-quality.json");
        Assert.Contains(m.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("name").GetString() == ArtifactNames.SeenConfidence);
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

    [Fact]
    public async Task Train_WithAPositiveThresholdNoRatingReaches_PublishesInactiveAndSaysWhy()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, "--min-rating", "6", .. _fastAls]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.False(result.Json.GetProperty("promoted").GetBoolean());
        Assert.Contains("evaluated on 0 users < min-test-users 50", result.Json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("(0 test users)", result.Stderr, StringComparison.Ordinal);
        var repository = new ModelRepository(new LocalDirectoryModelStore(models));
        Assert.Null(await repository.GetCurrentAsync());
        using JsonDocument manifest = await ReadManifestAsync(models, result.Json.GetProperty("version").GetString()!);
        Assert.False(manifest.RootElement.GetProperty("gate").GetProperty("passed").GetBoolean());
        Assert.Contains("min-test-users", manifest.RootElement.GetProperty("gate").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, manifest.RootElement.GetProperty("split").GetProperty("testUsers").GetInt32());
    }

    [Fact]
    public async Task Train_ACandidateThatDoesNotBeatPopularityByTheMargin_IsNotPromoted()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, "--min-lift-over-popularity", "50", .. _fastAls]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.False(result.Json.GetProperty("promoted").GetBoolean());
        Assert.Contains("does not beat popularity", result.Json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Null(await new ModelRepository(new LocalDirectoryModelStore(models)).GetCurrentAsync());
    }

    [Fact]
    public async Task Train_TestUsers_CountsTheUsersWithAHeldOutPositive()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");
        int expected = File.ReadLines(ratings).Skip(1).Select(l => l.Split(','))
            .Where(f => double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture) >= 4)
            .GroupBy(f => f[0]).Count(g => g.Select(f => f[1]).Distinct().Count() >= 2);

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, .. _fastAls]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using JsonDocument manifest = await ReadManifestAsync(models, result.Json.GetProperty("version").GetString()!);
        Assert.Equal(expected, manifest.RootElement.GetProperty("split").GetProperty("testUsers").GetInt32());
        Assert.Contains($"({expected} test users)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_PublishesARefitOnEveryInteraction_UnlessNoRefit()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string refitModels = Path.Combine(dir.Path, "refit");
        string splitModels = Path.Combine(dir.Path, "split");

        var refit = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", refitModels, .. _fastAls]);
        var noRefit = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", splitModels, "--no-refit", .. _fastAls]);

        Assert.True(refit.ExitCode == 0, refit.Stderr);
        Assert.True(noRefit.ExitCode == 0, noRefit.Stderr);
        string refitVersion = refit.Json.GetProperty("version").GetString()!;
        string splitVersion = noRefit.Json.GetProperty("version").GetString()!;
        Assert.Equal("all-interactions", refit.Json.GetProperty("publishedFit").GetString());
        Assert.Equal("training-split", noRefit.Json.GetProperty("publishedFit").GetString());

        // Both runs evaluated the same training-split fit, so the manifests keep the same held-out metrics.
        Assert.Equal(refit.Json.GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), noRefit.Json.GetProperty("metrics").GetProperty("ndcg@10").GetDouble());
        using JsonDocument refitManifest = await ReadManifestAsync(refitModels, refitVersion);
        using JsonDocument splitManifest = await ReadManifestAsync(splitModels, splitVersion);
        JsonElement fit = refitManifest.RootElement.GetProperty("fit");
        Assert.Equal("all-interactions", fit.GetProperty("published").GetString());
        Assert.True(fit.GetProperty("interactions").GetInt64() > refitManifest.RootElement.GetProperty("split").GetProperty("trainInteractions").GetInt64());
        Assert.Equal(splitManifest.RootElement.GetProperty("split").GetProperty("trainInteractions").GetInt64(), splitManifest.RootElement.GetProperty("fit").GetProperty("interactions").GetInt64());

        // The published confidences are those of the published fit: every pair for the refit, the held-out ones missing (NaN) otherwise.
        ModelPackage refitPackage = await new ModelRepository(new LocalDirectoryModelStore(refitModels)).LoadAsync(refitVersion);
        ModelPackage splitPackage = await new ModelRepository(new LocalDirectoryModelStore(splitModels)).LoadAsync(splitVersion);
        Assert.Equal(fit.GetProperty("interactions").GetInt64(), refitPackage.SeenConfidence!.Count(c => !float.IsNaN(c)));
        Assert.Equal(splitManifest.RootElement.GetProperty("fit").GetProperty("interactions").GetInt64(), splitPackage.SeenConfidence!.Count(c => !float.IsNaN(c)));
        Assert.Equal(refitPackage.SeenItems.NonZeros, splitPackage.SeenItems.NonZeros);
        Assert.Contains(splitPackage.SeenConfidence!, float.IsNaN);

        // The refit has learnt each user's latest positive: scored on those held-out items it ranks them far higher.
        var refitScore = await TrainingJobCli.RunAsync("evaluate", "--model", Path.Combine(refitModels, refitVersion), "--ratings", ratings);
        var splitScore = await TrainingJobCli.RunAsync("evaluate", "--model", Path.Combine(splitModels, splitVersion), "--ratings", ratings);
        Assert.True(refitScore.ExitCode == 0, refitScore.Stderr);
        Assert.True(
            refitScore.Json.GetProperty("metrics").GetProperty("ndcg@10").GetDouble() > 1.5 * splitScore.Json.GetProperty("metrics").GetProperty("ndcg@10").GetDouble(),
            refitScore.Stdout + splitScore.Stdout);
    }

    [Fact]
    public async Task Train_AgainstARefitLiveModel_ComparesOnItsOwnHeldOutScoreWhenNoUserIsNewToIt()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");
        await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, .. _fastAls]);

        var second = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, .. _fastAls]);

        // The live model was refitted on every held-out item, so scoring it on them again would flatter it.
        Assert.Contains("the live model's own held-out score", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(second.Json.GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), second.Json.GetProperty("liveMetrics").GetProperty("ndcg@10").GetDouble());
    }

    [Fact]
    public async Task Train_WithASignalAndKCore_RecordsThemInTheManifest()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, "--weighting", "bm25", "--positive-threshold", "3.5",
            "--below-threshold-weight", "0.2", "--recency-half-life", "5", "--k-core", "25", .. _fastAls]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("k-core: kept", result.Stderr, StringComparison.Ordinal);
        using JsonDocument manifest = await ReadManifestAsync(models, result.Json.GetProperty("version").GetString()!);
        JsonElement signal = manifest.RootElement.GetProperty("signal");
        Assert.Equal("bm25", signal.GetProperty("weighting").GetString());
        Assert.Equal(3.5, signal.GetProperty("positiveThreshold").GetDouble());
        Assert.Equal(5, signal.GetProperty("recencyHalfLife").GetDouble());
        Assert.Equal(25, signal.GetProperty("minUserInteractions").GetInt32());
        Assert.True(signal.GetProperty("prunedRows").GetInt64() > 0);
        Assert.Equal(9000 - signal.GetProperty("prunedRows").GetInt64(), manifest.RootElement.GetProperty("fit").GetProperty("interactions").GetInt64());
    }

    [Fact]
    public async Task Train_WithBm25_PublishesTheStatisticsOfThePublishedFitsMatrix()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string refitModels = Path.Combine(dir.Path, "refit");
        string splitModels = Path.Combine(dir.Path, "split");

        var refit = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", refitModels, "--weighting", "bm25", .. _fastAls]);
        var noRefit = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", splitModels, "--weighting", "bm25", "--no-refit", .. _fastAls]);

        Assert.True(refit.ExitCode == 0, refit.Stderr);
        Assert.True(noRefit.ExitCode == 0, noRefit.Stderr);
        string refitVersion = refit.Json.GetProperty("version").GetString()!;
        using JsonDocument manifest = await ReadManifestAsync(refitModels, refitVersion);
        Assert.Contains(manifest.RootElement.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("name").GetString() == ArtifactNames.SignalItemIdf);
        Assert.Contains(manifest.RootElement.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("name").GetString() == ArtifactNames.SignalUserLengths);
        ModelPackage refitPackage = await new ModelRepository(new LocalDirectoryModelStore(refitModels)).LoadAsync(refitVersion);
        ModelPackage splitPackage = await new ModelRepository(new LocalDirectoryModelStore(splitModels)).LoadAsync(noRefit.Json.GetProperty("version").GetString()!);
        Assert.Equal(manifest.RootElement.GetProperty("signal").GetProperty("bm25AverageLength").GetSingle(), refitPackage.Manifest.Signal!.Bm25AverageLength);

        foreach (ModelPackage package in new[] { refitPackage, splitPackage })
        {
            // The idf counts the users of each item in the published fit (its pairs are the seen pairs with a confidence),
            // and the average length is that of the published users' lengths.
            var users = new int[package.Items.Count];
            for (int n = 0; n < package.SeenItems.NonZeros; n++)
            {
                users[package.SeenItems.ColumnIndices[n]] += float.IsNaN(package.SeenConfidence![n]) ? 0 : 1;
            }

            for (int i = 0; i < users.Length; i++)
            {
                Assert.Equal(users[i] == 0 ? 0f : MathF.Log(1f + ((float)package.Users.Count / users[i])), package.SignalItemIdf![i]);
            }

            Assert.Equal(package.Users.Count, package.SignalUserLengths!.Length);
            Assert.Equal(package.SignalUserLengths.Average(l => (double)l), package.Manifest.Signal!.Bm25AverageLength!.Value, 3);
        }

        // The training split lacks each user's held-out interactions, so its lengths are shorter.
        Assert.True(splitPackage.Manifest.Signal!.Bm25AverageLength < refitPackage.Manifest.Signal!.Bm25AverageLength);
    }

    [Fact]
    public async Task Train_WithTheRefinementsOfRendle_RecordsThemInTheManifest()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, "--device", "cpu", "--regularization", "0.001", "--reg-exponent", "1", "--unobserved-weight", "0.25", "--init-scale", "0.1", .. _fastAls]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using JsonDocument manifest = await ReadManifestAsync(models, result.Json.GetProperty("version").GetString()!);
        JsonElement h = manifest.RootElement.GetProperty("hyperparameters");
        Assert.Equal(1.0, h.GetProperty("regularizationExponent").GetDouble());
        Assert.Equal(0.25, h.GetProperty("unobservedWeight").GetDouble());
        Assert.Equal(0.1, h.GetProperty("initScale").GetDouble(), 6);
    }

    private static void AssertChosenByTheMeanOfTheRecheckedFinalists(JsonElement trials, JsonElement chosen)
    {
        static bool Rechecked(JsonElement t) => t.TryGetProperty("recheckNdcg", out JsonElement r) && r.ValueKind == JsonValueKind.Number;
        static double Mean(JsonElement t) => (t.GetProperty("validationNdcg").GetDouble() + t.GetProperty("recheckNdcg").GetDouble()) / 2;
        List<JsonElement> all = [.. trials.EnumerateArray()];
        List<JsonElement> finalists = [.. all.Where(Rechecked)];
        if (all.Count == 1)
        {
            Assert.Empty(finalists);
            return;
        }

        Assert.InRange(finalists.Count, 1, 3);
        Assert.All(finalists, t => Assert.True(Mean(t) <= Mean(chosen)));
        double lowestFinalist = finalists.Min(t => t.GetProperty("validationNdcg").GetDouble());
        Assert.All(all.Where(t => !Rechecked(t)), t => Assert.True(t.GetProperty("validationNdcg").GetDouble() <= lowestFinalist));
    }

    private static readonly string[] _tunedPoint =
        ["--factors", "12", "--iterations", "4", "--alpha", "2", "--weighting", "binary", "--positive-threshold", "4", "--recency-half-life", "5", "--threads", "2"];

    [Fact]
    public async Task Train_FromLive_TrainsWithTheLiveVersionsHyperparametersAndSignal_AndSaysWhence()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");
        var first = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, .. _tunedPoint]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        string live = first.Json.GetProperty("version").GetString()!;

        var second = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, "--from-live", "--threads", "2"]);

        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains($"from-live: hyperparameters and signal of {live}", second.Stderr, StringComparison.Ordinal);
        using JsonDocument manifest = await ReadManifestAsync(models, second.Json.GetProperty("version").GetString()!);
        JsonElement root = manifest.RootElement;
        Assert.Equal(live, root.GetProperty("hyperparametersFrom").GetString());
        JsonElement hyper = root.GetProperty("hyperparameters");
        Assert.Equal((12, 4, 2.0), (hyper.GetProperty("factors").GetInt32(), hyper.GetProperty("iterations").GetInt32(), hyper.GetProperty("alpha").GetDouble()));
        JsonElement signal = root.GetProperty("signal");
        Assert.Equal("binary", signal.GetProperty("weighting").GetString());
        Assert.Equal(4, signal.GetProperty("positiveThreshold").GetDouble());
        Assert.Equal(5, signal.GetProperty("recencyHalfLife").GetDouble());
    }

    [Fact]
    public async Task Train_FromLiveWithTune_StartsTheSearchAtTheLivePoint()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");
        Assert.Equal(0, (await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, .. _tunedPoint])).ExitCode);

        var tuned = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, "--from-live", "--tune", "1", "--threads", "2"]);

        Assert.True(tuned.ExitCode == 0, tuned.Stderr);
        using JsonDocument manifest = await ReadManifestAsync(models, tuned.Json.GetProperty("version").GetString()!);
        JsonElement firstTrial = manifest.RootElement.GetProperty("tuning").GetProperty("trials")[0];
        Assert.Equal(12, firstTrial.GetProperty("factors").GetInt32());
        Assert.Equal("binary >= 4, recency half-life 5", firstTrial.GetProperty("signal").GetString());
    }

    [Fact]
    public async Task Train_FromLive_WithNothingLive_TrainsWithTheGivenOptions()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, "--from-live", "--threads", "2"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("from-live: no live version; training with the given options", result.Stderr, StringComparison.Ordinal);
        using JsonDocument manifest = await ReadManifestAsync(models, result.Json.GetProperty("version").GetString()!);
        Assert.Equal(JsonValueKind.Null, manifest.RootElement.GetProperty("hyperparametersFrom").ValueKind);
        Assert.Equal(64, manifest.RootElement.GetProperty("hyperparameters").GetProperty("factors").GetInt32());
    }

    [Theory]
    [InlineData("--factors", "8")]
    [InlineData("--recency-half-life", "2")]
    public async Task Train_FromLive_WithAHyperparameterOrSignalOption_IsAUsageErrorNamingIt(string option, string value)
    {
        using var dir = new TempDirectory();

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", Path.Combine(dir.Path, "absent.csv"), "--out", dir.Path, "--from-live", option, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"drop {option}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WithTune_RecordsEveryTrialAndTrainsWithTheChosenOne()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--out", models, "--tune", "2", .. _fastAls]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using JsonDocument manifest = await ReadManifestAsync(models, result.Json.GetProperty("version").GetString()!);
        JsonElement tuning = manifest.RootElement.GetProperty("tuning");
        JsonElement trials = tuning.GetProperty("trials");
        Assert.True(trials.GetArrayLength() >= 1);
        int validationUsers = tuning.GetProperty("validationUsers").GetInt32();
        Assert.True(validationUsers > 0);
        Assert.Contains($"trials scored on {validationUsers} validation users", result.Stderr, StringComparison.Ordinal);
        JsonElement chosen = trials[tuning.GetProperty("best").GetInt32()];
        AssertChosenByTheMeanOfTheRecheckedFinalists(trials, chosen);
        Assert.Equal(chosen.GetProperty("factors").GetInt32(), manifest.RootElement.GetProperty("hyperparameters").GetProperty("factors").GetInt32());
        Assert.Equal(chosen.GetProperty("alpha").GetDouble(), manifest.RootElement.GetProperty("hyperparameters").GetProperty("alpha").GetDouble());
        foreach (string refinement in (string[])["regularizationExponent", "unobservedWeight", "initScale"])
        {
            Assert.Equal(chosen.GetProperty(refinement).GetDouble(), manifest.RootElement.GetProperty("hyperparameters").GetProperty(refinement).GetDouble());
        }

        // The first trial is the given starting point.
        Assert.Equal(16, trials[0].GetProperty("factors").GetInt32());
        Assert.Equal("none", trials[0].GetProperty("signal").GetString());
    }

    private static async Task<JsonDocument> ReadManifestAsync(string models, string version) =>
        JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(models, version, "manifest.json")));
}
