using Recommender.Core.Artifacts;
using Recommender.Core.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Faults;

/// <summary>Two training runs at once on the same store: both publish, exactly one promotes, and current.json names it.</summary>
[Collection(AzuriteCollection.Name)]
public class ConcurrentTrainersTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TwoTrainersAtOnce_PromoteExactlyOnce()
    {
        string data = AzuriteFixture.UniqueName("data");
        string models = AzuriteFixture.UniqueName("models");
        using var dir = new TempDirectory();
        SyntheticDataSet set = SyntheticDataGenerator.Generate(dir.Path, new SyntheticDataOptions { Users = 300, Items = 200, Interactions = 9000, Seed = 5 });
        foreach (string file in new[] { set.RatingsPath, set.MoviesPath })
        {
            await using FileStream stream = File.OpenRead(file);
            await azurite.UploadAsync(data, Path.GetFileName(file), stream);
        }

        IReadOnlyList<TrainerRace.Outcome> outcomes = await TrainerRace.RunAsync(azurite.ConnectionString, models, dataContainer: data);

        Assert.All(outcomes, o => Assert.True(o.ExitCode == 0, o.Stderr));
        TrainerRace.Outcome winner = Assert.Single(outcomes, o => o.Promoted);
        var current = await new ModelRepository(new BlobModelStore(azurite.Blobs, models)).GetCurrentAsync();
        Assert.Equal(winner.Version, current?.Pointer.Version);
    }
}
