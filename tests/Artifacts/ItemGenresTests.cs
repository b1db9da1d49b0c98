using Recommender.Core.Artifacts;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Artifacts;

public class ItemGenresTests
{
    [Fact]
    public void KnownGenres_AreSortedOnceEach_AndLookedUpInAnyLetterCase()
    {
        var genres = new ItemGenres([["Drama", "Comedy"], [], ["comedy", "Action"]]);

        Assert.Equal(["Action", "Comedy", "Drama"], genres.Known);
        Assert.True(genres.TryGetId("COMEDY", out int comedy));
        Assert.Empty(genres.Of(1));
        ulong[] items = new ulong[1];
        genres.AddItemsOf(comedy, items);
        Assert.Equal(0b101UL, items[0]);
    }

    [Fact]
    public void AnEmptyGenreName_IsRefusedAsBadData()
    {
        Assert.Throws<InvalidDataException>(() => new ItemGenres([["Drama", " "]]));
    }

    [Fact]
    public async Task PublishThenLoad_RoundTripsGenres_WithTheirChecksumInTheManifest()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        ModelPackage package = ModelPackages.WithGenres(ModelPackages.Small("v1", items: 6));

        ModelManifest manifest = await repository.PublishAsync(package);
        ModelPackage loaded = await repository.LoadAsync("v1");

        ArtifactEntry entry = Assert.Single(manifest.Artifacts, a => a.Name == ArtifactNames.ItemGenres);
        Assert.Equal(new FileInfo(Path.Combine(dir.Path, "v1", ArtifactNames.ItemGenres)).Length, entry.Bytes);
        Assert.NotNull(loaded.Genres);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => package.Genres!.Of(i)), Enumerable.Range(0, 6).Select(i => loaded.Genres.Of(i)));
    }

    [Fact]
    public async Task AVersionWithoutGenres_StillLoads_WithoutGenres()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));

        ModelManifest manifest = await repository.PublishAsync(ModelPackages.Small("v1"));
        ModelPackage loaded = await repository.LoadAsync("v1");

        Assert.DoesNotContain(manifest.Artifacts, a => a.Name == ArtifactNames.ItemGenres);
        Assert.False(File.Exists(Path.Combine(dir.Path, "v1", ArtifactNames.ItemGenres)));
        Assert.Null(loaded.Genres);
    }

    [Fact]
    public async Task Load_RefusesGenresWhoseChecksumDoesNotMatch()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        await repository.PublishAsync(ModelPackages.WithGenres(ModelPackages.Small("v1")));
        string path = Path.Combine(dir.Path, "v1", ArtifactNames.ItemGenres);
        string text = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, text.Replace("Extra", "Extrb", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => repository.LoadAsync("v1"));

        Assert.Contains(ArtifactNames.ItemGenres, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GenresForADifferentNumberOfItems_AreRefused()
    {
        ModelPackage package = ModelPackages.Small("v1", items: 4);

        Assert.Throws<InvalidDataException>(() => new ModelPackage(package.Manifest, package.Factors, package.Users, package.Items, package.SeenItems, package.Popularity, package.Titles)
        {
            Genres = new ItemGenres([["a"], ["b"]]),
        });
    }
}
