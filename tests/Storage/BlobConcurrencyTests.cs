using System.Globalization;
using System.Text;
using Recommender.Core.Storage;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public class BlobConcurrencyTests(AzuriteFixture azurite)
{
    private readonly BlobStorageClient _blobs = azurite.Blobs;

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task TwoWritersHoldingTheSameETag_ExactlyOneWins()
    {
        string container = AzuriteFixture.UniqueName("race");
        await _blobs.CreateContainerIfNotExistsAsync(container);
        BlobWriteResult initial = await _blobs.UploadAsync(container, "current.json", Text("{\"version\":\"v0\"}"));
        var read = BlobConditions.IfUnchanged(initial.ETag!.Value);

        BlobWriteResult[] results = await Task.WhenAll(
            _blobs.UploadAsync(container, "current.json", Text("{\"version\":\"a\"}"), read),
            _blobs.UploadAsync(container, "current.json", Text("{\"version\":\"b\"}"), read));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(results, r => r.Status == BlobWriteStatus.PreconditionFailed);
        BlobWriteResult winner = Array.Find(results, r => r.Succeeded)!;
        Assert.Equal(winner.ETag, (await _blobs.GetPropertiesAsync(container, "current.json"))!.ETag);
    }

    [Fact]
    public async Task ConcurrentReadModifyWriteWithIfMatchRetries_LosesNoUpdate()
    {
        const int Writers = 6;
        const int IncrementsPerWriter = 8;
        string container = AzuriteFixture.UniqueName("counter");
        await _blobs.CreateContainerIfNotExistsAsync(container);
        await _blobs.UploadAsync(container, "counter", Text("0"));
        int conflicts = 0;

        async Task IncrementAsync()
        {
            for (int done = 0; done < IncrementsPerWriter;)
            {
                using BlobDownloadResult current = await _blobs.DownloadAsync(container, "counter");
                using var reader = new StreamReader(current.Content);
                int value = int.Parse(await reader.ReadToEndAsync(), CultureInfo.InvariantCulture);
                BlobWriteResult write = await _blobs.UploadAsync(
                    container, "counter", Text((value + 1).ToString(CultureInfo.InvariantCulture)), BlobConditions.IfUnchanged(current.ETag!.Value));
                if (write.Succeeded)
                {
                    done++;
                }
                else
                {
                    Assert.Equal(BlobWriteStatus.PreconditionFailed, write.Status);
                    Interlocked.Increment(ref conflicts);
                }
            }
        }

        var writers = new Task[Writers];
        for (int i = 0; i < Writers; i++)
        {
            writers[i] = Task.Run(IncrementAsync);
        }

        await Task.WhenAll(writers);

        using BlobDownloadResult final = await _blobs.DownloadAsync(container, "counter");
        using var finalReader = new StreamReader(final.Content);
        Assert.Equal(Writers * IncrementsPerWriter, int.Parse(await finalReader.ReadToEndAsync(), CultureInfo.InvariantCulture));
    }
}
