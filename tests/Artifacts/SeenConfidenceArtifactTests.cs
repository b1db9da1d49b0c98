using Recommender.Core.Artifacts;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Artifacts;

public class SeenConfidenceArtifactTests
{
    private static ModelPackage WithConfidence(string version)
    {
        ModelPackage package = ModelPackages.Small(version, users: 3, items: 4);
        return new ModelPackage(package.Manifest, package.Factors, package.Users, package.Items, package.SeenItems, package.Popularity, package.Titles)
        {
            SeenConfidence = [0.5f, float.NaN, 3.25f],
        };
    }

    [Fact]
    public async Task SeenConfidence_IsPublishedWithItsChecksum_AndLoadedBack()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));

        ModelManifest manifest = await repository.PublishAsync(WithConfidence("v1"));
        ModelPackage loaded = await repository.LoadAsync("v1");

        ArtifactEntry entry = manifest.Artifacts.Single(a => a.Name == ArtifactNames.SeenConfidence);
        Assert.Equal(64, entry.Sha256.Length);
        Assert.Equal(new FileInfo(Path.Combine(dir.Path, "v1", ArtifactNames.SeenConfidence)).Length, entry.Bytes);
        Assert.Equal([0.5f, float.NaN, 3.25f], loaded.SeenConfidence!);
    }

    [Fact]
    public async Task AVersionWithoutSeenConfidence_StillLoads_WithNone()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));

        ModelManifest manifest = await repository.PublishAsync(ModelPackages.Small("v1"));
        ModelPackage loaded = await repository.LoadAsync("v1");

        Assert.DoesNotContain(manifest.Artifacts, a => a.Name == ArtifactNames.SeenConfidence);
        Assert.Null(loaded.SeenConfidence);
    }

    [Fact]
    public async Task ASeenConfidenceThatDoesNotMatchItsChecksum_IsRefused()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        await repository.PublishAsync(WithConfidence("v1"));
        string path = Path.Combine(dir.Path, "v1", ArtifactNames.SeenConfidence);
        byte[] bytes = await File.ReadAllBytesAsync(path);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => repository.LoadAsync("v1"));

        Assert.Contains(ArtifactNames.SeenConfidence, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeenConfidence_OfTheWrongLength_IsRefused()
    {
        ModelPackage package = ModelPackages.Small("v1", users: 3, items: 4);

        var error = Assert.Throws<InvalidDataException>(() => new ModelPackage(package.Manifest, package.Factors, package.Users, package.Items, package.SeenItems, package.Popularity, package.Titles) { SeenConfidence = [1f] });

        Assert.Contains("1 seen confidences for 3 seen pairs", error.Message, StringComparison.Ordinal);
    }
}
