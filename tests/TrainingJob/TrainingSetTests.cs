using System.Security.Cryptography;
using System.Text.Json;
using Recommender.Core.Artifacts;
using Recommender.Tests.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.TrainingJob;

/// <summary>Ratings as CSV or Parquet train the same model, and every version keeps the training set it was fitted on.</summary>
public class TrainingSetTests
{
    private static readonly string[] _fastAls = ["--factors", "8", "--iterations", "3", "--threads", "2"];

    [Fact]
    public async Task Train_RatingsAsParquetAndAsCsv_GiveTheSameMetricsAndFactors()
    {
        using var dir = new TempDirectory();
        var (csv, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string parquet = Path.Combine(dir.Path, "data", "ratings.parquet");
        await File.WriteAllBytesAsync(parquet, await TestParquet.MovieLensAsync(TestParquet.ReadMovieLensCsv(csv)));

        var fromCsv = await TrainingJobCli.RunAsync(["train", "--ratings", csv, "--out", Path.Combine(dir.Path, "a"), .. _fastAls]);
        var fromParquet = await TrainingJobCli.RunAsync(["train", "--ratings", parquet, "--out", Path.Combine(dir.Path, "b"), .. _fastAls]);

        Assert.True(fromCsv.ExitCode == 0, fromCsv.Stderr);
        Assert.True(fromParquet.ExitCode == 0, fromParquet.Stderr);
        Assert.Equal(fromCsv.Json.GetProperty("metrics").GetRawText(), fromParquet.Json.GetProperty("metrics").GetRawText());
        Assert.Equal(
            FactorsHash(Path.Combine(dir.Path, "a"), fromCsv.Json),
            FactorsHash(Path.Combine(dir.Path, "b"), fromParquet.Json));
    }

    [Fact]
    public async Task Train_PublishesItsTrainingSet_AndThatFileTrainsTheSameModelAgain()
    {
        using var dir = new TempDirectory();
        var (csv, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string first = Path.Combine(dir.Path, "first");
        var original = await TrainingJobCli.RunAsync(["train", "--ratings", csv, "--out", first, .. _fastAls]);
        Assert.True(original.ExitCode == 0, original.Stderr);
        string version = original.Json.GetProperty("version").GetString()!;
        string trainingSet = Path.Combine(first, version, ArtifactNames.TrainingSet);

        var manifest = await new ModelRepository(new LocalDirectoryModelStore(first)).GetManifestAsync(version);
        ArtifactEntry entry = Assert.Single(manifest!.Artifacts, a => a.Name == ArtifactNames.TrainingSet);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(trainingSet))), entry.Sha256);

        string second = Path.Combine(dir.Path, "second");
        var again = await TrainingJobCli.RunAsync(["train", "--ratings", trainingSet, "--out", second, .. _fastAls]);

        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(original.Json.GetProperty("metrics").GetRawText(), again.Json.GetProperty("metrics").GetRawText());
        Assert.Equal(FactorsHash(first, original.Json), FactorsHash(second, again.Json));
    }

    [Fact]
    public async Task ReadTrainingSet_RefusesAFileThatNoLongerMatchesItsChecksum()
    {
        using var dir = new TempDirectory();
        var (csv, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");
        var train = await TrainingJobCli.RunAsync(["train", "--ratings", csv, "--out", models, .. _fastAls]);
        Assert.True(train.ExitCode == 0, train.Stderr);
        string version = train.Json.GetProperty("version").GetString()!;
        var repository = new ModelRepository(new LocalDirectoryModelStore(models));
        byte[] intact = await repository.ReadTrainingSetAsync(version);

        await File.AppendAllTextAsync(Path.Combine(models, version, ArtifactNames.TrainingSet), "x");
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => repository.ReadTrainingSetAsync(version));

        Assert.Equal("PAR1"u8.ToArray(), intact[..4]);
        Assert.Contains("does not match its manifest checksum", e.Message, StringComparison.Ordinal);
    }

    private static string FactorsHash(string models, JsonElement outcome)
    {
        string folder = Path.Combine(models, outcome.GetProperty("version").GetString()!);
        byte[] users = File.ReadAllBytes(Path.Combine(folder, ArtifactNames.UserFactors));
        byte[] items = File.ReadAllBytes(Path.Combine(folder, ArtifactNames.ItemFactors));
        return Convert.ToHexStringLower(SHA256.HashData([.. users, .. items]));
    }
}
