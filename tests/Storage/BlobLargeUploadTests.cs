using System.Security.Cryptography;
using Recommender.Core.Storage;
using Recommender.Tests.TestSupport;
using Xunit.Abstractions;

namespace Recommender.Tests.Storage;

/// <summary>Runs alone: it measures allocations of the whole process.</summary>
[Collection(AzuriteSoloCollection.Name)]
public class BlobLargeUploadTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const long Size = 64L * 1024 * 1024;

    [Fact]
    public async Task Upload_Of64MiB_GoesInBlocks_WithFlatMemory_AndDownloadsIdentically()
    {
        string container = AzuriteFixture.UniqueName("large");
        await azurite.Blobs.CreateContainerIfNotExistsAsync(container);
        using var source = new PseudoRandomStream(Size, seed: 42);

        // Warm up the pipeline and the pooled block buffer so the measurement sees the steady state.
        using (var warmup = new PseudoRandomStream(StorageClientOptions.DefaultBlockSize + 1, seed: 1))
        {
            Assert.True((await azurite.Blobs.UploadAsync(container, "warmup.bin", warmup)).Succeeded);
        }

        long before = GC.GetTotalAllocatedBytes(precise: true);
        BlobWriteResult written = await azurite.Blobs.UploadAsync(container, "model.bin", source);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"Allocated while uploading 64 MiB: {allocated / (1024 * 1024.0):F2} MiB");
        Assert.True(written.Succeeded);
        Assert.True(allocated < 16L * 1024 * 1024, $"Uploading 64 MiB allocated {allocated / (1024 * 1024.0):F1} MiB; expected well below the blob size.");
        BlobProperties? properties = await azurite.Blobs.GetPropertiesAsync(container, "model.bin");
        Assert.Equal(Size, properties!.ContentLength);

        using BlobDownloadResult download = await azurite.Blobs.DownloadAsync(container, "model.bin");
        byte[] downloaded = await SHA256.HashDataAsync(download.Content);
        Assert.Equal(Convert.ToHexString(source.Hash()), Convert.ToHexString(downloaded));
        await azurite.Blobs.DeleteContainerIfExistsAsync(container);
    }
}
