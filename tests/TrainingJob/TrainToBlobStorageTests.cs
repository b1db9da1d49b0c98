using Recommender.Core.Artifacts;
using Recommender.Core.Feedback;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.TrainingJob;

[Collection(AzuriteCollection.Name)]
public class TrainToBlobStorageTests(AzuriteFixture azurite)
{
    private static readonly string[] _fastAls = ["--factors", "16", "--iterations", "5", "--threads", "2"];

    private async Task<string> UploadRatingsAsync(string container)
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(dir.Path);
        await using FileStream file = File.OpenRead(ratings);
        await azurite.UploadAsync(container, "input/ratings.csv", file);
        return $"blob:{container}/input/ratings.csv";
    }

    [Fact]
    public async Task Train_FromARatingsBlob_PublishesToBlobStorageAndPromotes()
    {
        string models = AzuriteFixture.UniqueName("models");
        string ratings = await UploadRatingsAsync(AzuriteFixture.UniqueName("data"));

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--store", azurite.ConnectionString, "--models-container", models, "--no-feedback", .. _fastAls]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        string version = result.Json.GetProperty("version").GetString()!;
        var repository = new ModelRepository(new BlobModelStore(azurite.Blobs, models));
        Assert.Equal(version, (await repository.GetCurrentAsync())!.Value.Pointer.Version);
        Assert.Equal(16, (await repository.LoadAsync(version)).Factors.Factors);
    }

    [Fact]
    public async Task Train_SecondRunWithLargeMinImprove_LeavesCurrentJsonUnchangedAndSaysWhy()
    {
        string models = AzuriteFixture.UniqueName("models");
        string ratings = await UploadRatingsAsync(AzuriteFixture.UniqueName("data"));
        string[] common = ["train", "--ratings", ratings, "--store", azurite.ConnectionString, "--models-container", models, "--no-feedback", .. _fastAls];
        var first = await TrainingJobCli.RunAsync(common);
        var repository = new ModelRepository(new BlobModelStore(azurite.Blobs, models));
        string etagBefore = (await repository.GetCurrentAsync())!.Value.ETag;

        var second = await TrainingJobCli.RunAsync([.. common, "--min-improve", "0.9"]);

        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.False(second.Json.GetProperty("promoted").GetBoolean());
        Assert.Contains("not promoted", second.Stderr, StringComparison.Ordinal);
        var after = (await repository.GetCurrentAsync())!.Value;
        Assert.Equal(etagBefore, after.ETag);
        Assert.Equal(first.Json.GetProperty("version").GetString(), after.Pointer.Version);
    }

    [Fact]
    public async Task Train_MergesTheFeedbackTable()
    {
        string models = AzuriteFixture.UniqueName("models");
        string table = AzuriteFixture.UniqueTableName("feedback");
        string ratings = await UploadRatingsAsync(AzuriteFixture.UniqueName("data"));
        var log = new FeedbackLog(azurite.Tables, table);
        await log.WriteAsync(new FeedbackEvent { EventId = "e1", UserId = "brand-new-user", ItemId = "1", Event = FeedbackKind.Like, Timestamp = DateTimeOffset.UtcNow });
        await log.WriteAsync(new FeedbackEvent { EventId = "e2", UserId = "brand-new-user", ItemId = "2", Event = FeedbackKind.Rating, Value = 5, Timestamp = DateTimeOffset.UtcNow });

        var result = await TrainingJobCli.RunAsync(["train", "--ratings", ratings, "--store", azurite.ConnectionString, "--models-container", models, "--feedback-table", table, .. _fastAls]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("feedback: merged 2 events", result.Stderr, StringComparison.Ordinal);
        var model = await new ModelRepository(new BlobModelStore(azurite.Blobs, models)).LoadAsync(result.Json.GetProperty("version").GetString()!);
        Assert.True(model.Users.TryGetIndex("brand-new-user", out _));
        Assert.Equal(2, model.Manifest.Dataset.FeedbackEvents);
    }

    [Fact]
    public async Task Train_MissingRatingsBlob_FailsWithOneLineNamingIt()
    {
        var result = await TrainingJobCli.RunAsync("train", "--ratings", "blob:nosuchcontainer/ratings.csv", "--store", azurite.ConnectionString, "--models-container", AzuriteFixture.UniqueName("models"), "--no-feedback");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nosuchcontainer/ratings.csv", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_MalformedConnectionString_FailsWithUsageError()
    {
        var result = await TrainingJobCli.RunAsync("train", "--ratings", "blob:data/ratings.csv", "--store", "AccountName=;nonsense");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq", result.Stderr, StringComparison.Ordinal);
    }
}
