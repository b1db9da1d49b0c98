using Recommender.Core.Artifacts;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Artifacts;

public class ModelRepositoryTests
{
    [Fact]
    public async Task PublishThenLoad_RoundTripsEveryArtifact()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        var package = ModelPackages.Small("v1");

        ModelManifest manifest = await repository.PublishAsync(package);
        ModelPackage loaded = await repository.LoadAsync("v1");

        Assert.Equal(ArtifactNames.All.Count, manifest.Artifacts.Count);
        Assert.Equal(package.Factors.UserFactors, loaded.Factors.UserFactors);
        Assert.Equal(package.Factors.ItemFactors, loaded.Factors.ItemFactors);
        Assert.Equal(package.Users.Ids, loaded.Users.Ids);
        Assert.Equal(package.Items.Ids, loaded.Items.Ids);
        Assert.Equal(package.SeenItems.RowPointers, loaded.SeenItems.RowPointers);
        Assert.Equal(package.SeenItems.ColumnIndices, loaded.SeenItems.ColumnIndices);
        Assert.Equal(package.Popularity, loaded.Popularity);
        Assert.Equal(package.Titles, loaded.Titles);
        Assert.Equal("abc123", loaded.Manifest.GitCommit);
        Assert.True(File.Exists(Path.Combine(dir.Path, "v1", "manifest.json")));
    }

    [Fact]
    public async Task Load_RefusesArtifactWhoseChecksumDoesNotMatch()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        await repository.PublishAsync(ModelPackages.Small("v1"));
        string path = Path.Combine(dir.Path, "v1", ArtifactNames.ItemFactors);
        byte[] bytes = await File.ReadAllBytesAsync(path);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => repository.LoadAsync("v1"));
        Assert.Contains(ArtifactNames.ItemFactors, ex.Message);
    }

    [Fact]
    public async Task List_IgnoresVersionWithoutManifest()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        await repository.PublishAsync(ModelPackages.Small("v1"));
        await repository.PublishAsync(ModelPackages.Small("v2"));
        File.Delete(Path.Combine(dir.Path, "v2", ArtifactNames.Manifest));

        var versions = await repository.ListAsync();

        Assert.Equal(["v1"], versions.Select(m => m.Version));
        await Assert.ThrowsAsync<InvalidDataException>(() => repository.LoadAsync("v2"));
    }

    [Fact]
    public async Task TrySetCurrent_OfTwoWritersWithTheSameETagExactlyOneWins()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        Assert.True(await repository.TrySetCurrentAsync("v1", "promoted", null, expectedETag: null));
        var current = await repository.GetCurrentAsync();
        Assert.NotNull(current);

        var results = await Task.WhenAll(
            Task.Run(() => repository.TrySetCurrentAsync("v2", "promoted", "v1", current.Value.ETag)),
            Task.Run(() => repository.TrySetCurrentAsync("v3", "promoted", "v1", current.Value.ETag)));

        Assert.Single(results, won => won);
        var after = await repository.GetCurrentAsync();
        Assert.Contains(after!.Value.Pointer.Version, new[] { "v2", "v3" });
    }

    [Fact]
    public async Task TrySetCurrent_LosesNoUpdateUnderConcurrentReadModifyWrite()
    {
        using var dir = new TempDirectory();
        var store = new LocalDirectoryModelStore(dir.Path);
        const int Writers = 4;
        const int IncrementsEach = 25;
        Assert.NotNull(await store.TryWriteConditionalAsync("counter", "0"u8.ToArray(), null));

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (int done = 0; done < IncrementsEach;)
            {
                StoredFile file = (await store.ReadAsync("counter"))!;
                int value = int.Parse(System.Text.Encoding.ASCII.GetString(file.Content), System.Globalization.CultureInfo.InvariantCulture);
                byte[] next = System.Text.Encoding.ASCII.GetBytes((value + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (await store.TryWriteConditionalAsync("counter", next, file.ETag) is not null)
                {
                    done++;
                }
            }
        })));

        StoredFile final = (await store.ReadAsync("counter"))!;
        Assert.Equal((Writers * IncrementsEach).ToString(System.Globalization.CultureInfo.InvariantCulture), System.Text.Encoding.ASCII.GetString(final.Content));
    }

    [Fact]
    public async Task Activate_RollsBackToAnEarlierVersionAndRecordsThePrevious()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        await repository.PublishAsync(ModelPackages.Small("v1"));
        await repository.PublishAsync(ModelPackages.Small("v2"));
        Assert.True(await repository.TrySetCurrentAsync("v2", "promoted", null, null));

        ModelPointer pointer = await repository.ActivateAsync("v1");

        Assert.Equal("v1", pointer.Version);
        Assert.Equal("v2", pointer.PreviousVersion);
        Assert.Equal("activated", pointer.Reason);
    }

    [Fact]
    public async Task Activate_RefusesUnknownVersionAndLeavesCurrentAlone()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(new LocalDirectoryModelStore(dir.Path));
        await repository.PublishAsync(ModelPackages.Small("v1"));
        Assert.True(await repository.TrySetCurrentAsync("v1", "promoted", null, null));

        await Assert.ThrowsAsync<InvalidDataException>(() => repository.ActivateAsync("v9"));

        Assert.Equal("v1", (await repository.GetCurrentAsync())!.Value.Pointer.Version);
    }

    [Fact]
    public async Task ReadAsync_ReportsNotModifiedForMatchingETag()
    {
        using var dir = new TempDirectory();
        var store = new LocalDirectoryModelStore(dir.Path);
        string? etag = await store.TryWriteConditionalAsync("current.json", "{}"u8.ToArray(), null);

        StoredFile? again = await store.ReadAsync("current.json", etag);

        Assert.NotNull(again);
        Assert.True(again.NotModified);
    }

    [Fact]
    public async Task Store_RejectsPathsLeavingTheRoot()
    {
        using var dir = new TempDirectory();
        var store = new LocalDirectoryModelStore(dir.Path);

        await Assert.ThrowsAsync<ArgumentException>(() => store.ReadAsync("../outside.json"));
    }
}
