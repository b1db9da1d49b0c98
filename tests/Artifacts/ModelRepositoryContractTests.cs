using Recommender.Core.Artifacts;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Artifacts;

/// <summary>The model store contract, run against every store: a local folder and a blob container on Azurite.</summary>
public abstract class ModelRepositoryContractTests
{
    protected abstract IModelStore CreateStore();

    [Fact]
    public async Task PublishThenLoad_RoundTripsTheFactors()
    {
        var repository = new ModelRepository(CreateStore());
        var package = ModelPackages.Small("v1");

        await repository.PublishAsync(package);
        ModelPackage loaded = await repository.LoadAsync("v1");

        Assert.Equal(package.Factors.ItemFactors, loaded.Factors.ItemFactors);
        Assert.Equal(["v1"], (await repository.ListAsync()).Select(m => m.Version));
    }

    [Fact]
    public async Task Load_RefusesAVersionWhoseArtifactWasReplaced()
    {
        IModelStore store = CreateStore();
        var repository = new ModelRepository(store);
        await repository.PublishAsync(ModelPackages.Small("v1"));
        using var other = new MemoryStream([1, 2, 3]);
        await store.WriteAsync($"v1/{ArtifactNames.Popularity}", other);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => repository.LoadAsync("v1"));
        Assert.Contains(ArtifactNames.Popularity, ex.Message);
    }

    [Fact]
    public async Task TrySetCurrent_OfTwoWritersWithTheSameETagExactlyOneWins()
    {
        var repository = new ModelRepository(CreateStore());
        Assert.True(await repository.TrySetCurrentAsync("v1", "promoted", null, null));
        Assert.False(await repository.TrySetCurrentAsync("v1b", "promoted", null, null));
        var current = (await repository.GetCurrentAsync())!.Value;

        bool[] won = await Task.WhenAll(
            repository.TrySetCurrentAsync("v2", "promoted", "v1", current.ETag),
            repository.TrySetCurrentAsync("v3", "promoted", "v1", current.ETag));

        Assert.Single(won, w => w);
    }

    [Fact]
    public async Task ConditionalWrites_LoseNoUpdateUnderConcurrentIncrements()
    {
        IModelStore store = CreateStore();
        Assert.NotNull(await store.TryWriteConditionalAsync("counter", "0"u8.ToArray(), null));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (int done = 0; done < 10;)
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

        Assert.Equal("40", System.Text.Encoding.ASCII.GetString((await store.ReadAsync("counter"))!.Content));
    }

    [Fact]
    public async Task EmptyStore_HasNoCurrentModelAndNoVersions()
    {
        var repository = new ModelRepository(CreateStore());

        Assert.Null(await repository.GetCurrentAsync());
        Assert.Empty(await repository.ListAsync());
    }

    [Fact]
    public async Task TrySetCurrent_WithAStaleETagIsRefused_AndCurrentMovesOnlyOnce()
    {
        var repository = new ModelRepository(CreateStore());
        Assert.True(await repository.TrySetCurrentAsync("v1", "promoted", null, null));
        string stale = (await repository.GetCurrentAsync())!.Value.ETag;
        Assert.True(await repository.TrySetCurrentAsync("v2", "promoted", "v1", stale));

        bool movedAgain = await repository.TrySetCurrentAsync("v3", "promoted", "v1", stale);

        Assert.False(movedAgain);
        var current = (await repository.GetCurrentAsync())!.Value;
        Assert.Equal("v2", current.Pointer.Version);
        Assert.NotEqual(stale, current.ETag);
    }

    [Fact]
    public async Task ConditionalWrite_IfMatchOnAMissingFileIsRefused()
    {
        IModelStore store = CreateStore();
        string? etag = await store.TryWriteConditionalAsync("a.json", "{}"u8.ToArray(), null);

        Assert.Null(await store.TryWriteConditionalAsync("b.json", "{}"u8.ToArray(), etag));
        Assert.Null(await store.ReadAsync("b.json"));
    }

    [Fact]
    public async Task List_ReturnsEveryPathUnderThePrefixInNameOrder()
    {
        IModelStore store = CreateStore();
        string[] names = [.. Enumerable.Range(0, 7).Select(i => $"v{i}/file.bin")];
        foreach (string name in names.Reverse())
        {
            using var content = new MemoryStream([1]);
            await store.WriteAsync(name, content);
        }

        using (var other = new MemoryStream([2]))
        {
            await store.WriteAsync("current.json", other);
        }

        var listed = new List<string>();
        await foreach (string path in store.ListAsync("v"))
        {
            listed.Add(path);
        }

        Assert.Equal(names, listed);
    }

    [Fact]
    public async Task Write_OverwritesAndReadReturnsTheNewBytesWithANewETag()
    {
        IModelStore store = CreateStore();
        using (var first = new MemoryStream([1, 2, 3]))
        {
            await store.WriteAsync("v1/a.bin", first);
        }

        StoredFile before = (await store.ReadAsync("v1/a.bin"))!;
        using (var second = new MemoryStream([4, 5]))
        {
            await store.WriteAsync("v1/a.bin", second);
        }

        StoredFile after = (await store.ReadAsync("v1/a.bin"))!;
        Assert.Equal([4, 5], after.Content);
        Assert.NotEqual(before.ETag, after.ETag);
        Assert.False((await store.ReadAsync("v1/a.bin", before.ETag))!.NotModified);
    }

    [Fact]
    public async Task Read_WithTheCurrentETagIsNotModified()
    {
        IModelStore store = CreateStore();
        string? etag = await store.TryWriteConditionalAsync(ArtifactNames.Current, "{}"u8.ToArray(), null);

        StoredFile? file = await store.ReadAsync(ArtifactNames.Current, etag);

        Assert.True(file!.NotModified);
        Assert.Null(await store.ReadAsync("missing.json"));
    }
}

public sealed class LocalDirectoryModelStoreContractTests : ModelRepositoryContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override IModelStore CreateStore() => new LocalDirectoryModelStore(Path.Combine(_dir.Path, Guid.NewGuid().ToString("N")));

    public void Dispose() => _dir.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class BlobModelStoreContractTests(AzuriteFixture azurite) : ModelRepositoryContractTests
{
    // Two names per listing page, so every listing above follows continuation markers.
    protected override IModelStore CreateStore() => new BlobModelStore(azurite.Blobs, AzuriteFixture.UniqueName("models"), listPageSize: 2);
}
