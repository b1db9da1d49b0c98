using Recommender.Core.Artifacts;
using Recommender.Core.Feedback;
using Recommender.Core.Serving;
using Recommender.Core.Signal;
using Recommender.Tests.Serving;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Artifacts;

[Collection(AzuriteCollection.Name)]
public class SignalStatisticsArtifactTests(AzuriteFixture azurite)
{
    private ModelRepository Repository() => new(new BlobModelStore(azurite.Blobs, AzuriteFixture.UniqueName("models")));

    private static readonly UserFeedback _newUser = new(new HashSet<string>(), new Dictionary<string, float> { ["item-3"] = 5f, ["item-5"] = 4f });

    [Fact]
    public async Task Bm25Statistics_ArePublishedWithTheirChecksums_AndLoadedBack()
    {
        TrainedModel trained = TrainedModel.Fit(weighting: InteractionWeighting.Bm25);
        ModelRepository repository = Repository();

        ModelManifest manifest = await repository.PublishAsync(trained.Model.Package);
        ModelPackage loaded = await repository.LoadAsync("v1");

        Assert.Equal(64, manifest.Artifacts.Single(a => a.Name == ArtifactNames.SignalItemIdf).Sha256.Length);
        Assert.Equal(64, manifest.Artifacts.Single(a => a.Name == ArtifactNames.SignalUserLengths).Sha256.Length);
        Assert.Equal(trained.Model.Package.SignalItemIdf!, loaded.SignalItemIdf!);
        Assert.Equal(trained.Model.Package.SignalUserLengths!, loaded.SignalUserLengths!);
        Assert.Equal(trained.Model.Package.Manifest.Signal!.Bm25AverageLength, loaded.Manifest.Signal!.Bm25AverageLength);
        var (items, weights) = VersionFeedback.ForFoldIn(new ServingModel(loaded, DateTimeOffset.UnixEpoch), _newUser);
        Assert.Equal(VersionFeedback.ForFoldIn(trained.Model, _newUser).Weights, weights);
        Assert.Equal([3, 5], items);
    }

    [Fact]
    public async Task TfIdfPublishesTheItemIdfOnly()
    {
        TrainedModel trained = TrainedModel.Fit(weighting: InteractionWeighting.TfIdf);
        ModelRepository repository = Repository();

        ModelManifest manifest = await repository.PublishAsync(trained.Model.Package);
        ModelPackage loaded = await repository.LoadAsync("v1");

        Assert.Contains(manifest.Artifacts, a => a.Name == ArtifactNames.SignalItemIdf);
        Assert.DoesNotContain(manifest.Artifacts, a => a.Name == ArtifactNames.SignalUserLengths);
        Assert.Null(loaded.Manifest.Signal!.Bm25AverageLength);
        Assert.Equal(trained.Model.Package.SignalItemIdf!, loaded.SignalItemIdf!);
        Assert.Null(loaded.SignalUserLengths);
    }

    [Fact]
    public async Task AVersionWithoutTheStatistics_StillLoads_AndFoldsInANewUserByThePreferenceStepOnly()
    {
        TrainedModel trained = TrainedModel.Fit(weighting: InteractionWeighting.TfIdf, publishStatistics: false);
        ModelRepository repository = Repository();

        ModelManifest manifest = await repository.PublishAsync(trained.Model.Package);
        var model = new ServingModel(await repository.LoadAsync("v1"), DateTimeOffset.UnixEpoch);
        Recommendations result = RecommendationService.ForUser(model, "new-user", _newUser, new RecommendationQuery(3));

        Assert.DoesNotContain(manifest.Artifacts, a => a.Name == ArtifactNames.SignalItemIdf);
        Assert.Null(model.Package.SignalItemIdf);
        Assert.Equal(Recommendations.FoldIn, result.Strategy);
        var (items, weights) = VersionFeedback.ForFoldIn(model, _newUser);
        Assert.Equal([5f, 4f], items.Zip(weights).OrderBy(p => p.First).Select(p => p.Second));
    }

    [Fact]
    public async Task AnItemIdfThatDoesNotMatchItsChecksum_IsRefused()
    {
        TrainedModel trained = TrainedModel.Fit(weighting: InteractionWeighting.TfIdf);
        var store = new BlobModelStore(azurite.Blobs, AzuriteFixture.UniqueName("models"));
        var repository = new ModelRepository(store);
        await repository.PublishAsync(trained.Model.Package);
        using (var other = new MemoryStream([1, 2, 3]))
        {
            await store.WriteAsync($"v1/{ArtifactNames.SignalItemIdf}", other);
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => repository.LoadAsync("v1"));

        Assert.Contains(ArtifactNames.SignalItemIdf, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatisticsOfTheWrongLength_AreRefused()
    {
        ModelPackage package = ModelPackages.Small("v1", users: 3, items: 4);

        var idf = Assert.Throws<InvalidDataException>(() => new ModelPackage(package.Manifest, package.Factors, package.Users, package.Items, package.SeenItems, package.Popularity, package.Titles) { SignalItemIdf = [1f] });
        var lengths = Assert.Throws<InvalidDataException>(() => new ModelPackage(package.Manifest, package.Factors, package.Users, package.Items, package.SeenItems, package.Popularity, package.Titles) { SignalUserLengths = [1f, 2f] });

        Assert.Contains("1 item idf values for 4 items", idf.Message, StringComparison.Ordinal);
        Assert.Contains("2 user lengths for 3 users", lengths.Message, StringComparison.Ordinal);
    }
}
