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
    protected override IModelStore CreateStore() => new BlobModelStore(azurite.Blobs, AzuriteFixture.UniqueName("models"));
}
