using System.Security.Cryptography;
using Recommender.Core.Artifacts;
using Recommender.Tests.TestSupport;
using Xunit.Abstractions;

namespace Recommender.Tests.Artifacts;

/// <summary>Runs alone: it measures allocations of the whole process.</summary>
[Collection(AzuriteSoloCollection.Name)]
public class BlobModelStoreLargeFileTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const long Size = 64L * 1024 * 1024;

    [Fact]
    public async Task Write_Of64MiB_GoesInBlocksWithFlatMemory_AndReadsBackIdentically()
    {
        var store = new BlobModelStore(azurite.Blobs, AzuriteFixture.UniqueName("large"));
        using var source = new PseudoRandomStream(Size, seed: 42);

        // Warm up the pipeline and the transfer buffers so the measurement sees the steady state.
        using (var warmup = new PseudoRandomStream((4 * 1024 * 1024) + 1, seed: 1))
        {
            await store.WriteAsync("warmup.bin", warmup);
        }

        long before = GC.GetTotalAllocatedBytes(precise: true);
        await store.WriteAsync("v1/item_factors.npy", source);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"Allocated while uploading 64 MiB: {allocated / (1024 * 1024.0):F2} MiB");
        Assert.True(allocated < 24L * 1024 * 1024, $"Uploading 64 MiB allocated {allocated / (1024 * 1024.0):F1} MiB; expected well below the file size.");
        StoredFile file = (await store.ReadAsync("v1/item_factors.npy"))!;
        Assert.Equal(Size, file.Content.LongLength);
        Assert.Equal(Convert.ToHexString(source.Hash()), Convert.ToHexString(SHA256.HashData(file.Content)));
    }
}
