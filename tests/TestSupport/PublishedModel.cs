using Recommender.Core.Data;
using Recommender.Functions.Hosting;
using Recommender.Tests.TrainingJob;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// A small synthetic model trained by the real training job and published to Azurite under storage names of its own:
/// the starting point of the function app tests.
/// </summary>
internal sealed record PublishedModel(StorageLayoutOptions Layout, string Version, string KnownUser, string KnownItem)
{
    public static async Task<PublishedModel> TrainAsync(AzuriteFixture azurite, StorageLayoutOptions? layout = null)
    {
        layout ??= FunctionAppHost.UniqueLayout();
        using var dir = new TempDirectory();
        var data = SyntheticDataGenerator.Generate(dir.Path, new SyntheticDataOptions { Users = 300, Items = 200, Interactions = 9000, Seed = 5 });
        foreach (string file in new[] { data.RatingsPath, data.MoviesPath })
        {
            await using FileStream stream = File.OpenRead(file);
            await azurite.UploadAsync(layout.DataContainer, Path.GetFileName(file), stream);
        }

        await azurite.Tables.CreateTableIfNotExistsAsync(layout.FeedbackTable);
        var result = await TrainAgainAsync(azurite, layout);
        var table = RatingsLoader.Load(data.RatingsPath);
        return new PublishedModel(layout, result.Json.GetProperty("version").GetString()!, table.Users[0], table.Items[0]);
    }

    /// <summary>Runs the training job on the uploaded data and the feedback table, as the process launcher does.</summary>
    public static async Task<TrainingJobCli.Result> TrainAgainAsync(AzuriteFixture azurite, StorageLayoutOptions layout, params string[] extra)
    {
        var result = await TrainingJobCli.RunAsync(
        [
            "train", "--ratings", $"blob:{layout.DataContainer}/ratings.csv", "--items", $"blob:{layout.DataContainer}/movies.csv",
            "--store", azurite.ConnectionString, "--models-container", layout.ModelsContainer, "--feedback-table", layout.FeedbackTable,
            "--factors", "16", "--iterations", "5", "--threads", "2", .. extra,
        ]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result;
    }
}
