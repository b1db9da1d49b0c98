using System.Text;
using Azure;
using Recommender.Core.Storage;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public class BlobStorageTests(AzuriteFixture azurite)
{
    private readonly BlobStorageClient _blobs = azurite.Blobs;

    private async Task<string> NewContainerAsync()
    {
        string container = AzuriteFixture.UniqueName("blob");
        Assert.True(await _blobs.CreateContainerIfNotExistsAsync(container));
        return container;
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<string> ReadAllAsync(BlobDownloadResult download)
    {
        using var reader = new StreamReader(download.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task CreateContainerIfNotExists_IsTrueOnlyTheFirstTime()
    {
        string container = AzuriteFixture.UniqueName("blob");

        Assert.True(await _blobs.CreateContainerIfNotExistsAsync(container));
        Assert.False(await _blobs.CreateContainerIfNotExistsAsync(container));
    }

    [Fact]
    public async Task Upload_ThenDownload_RoundTripsContentTypeAndETag()
    {
        string container = await NewContainerAsync();

        BlobWriteResult written = await _blobs.UploadAsync(container, "dir/naïve name.json", Text("{\"v\":1}"), contentType: "application/json");
        using BlobDownloadResult download = await _blobs.DownloadAsync(container, "dir/naïve name.json");

        Assert.True(written.Succeeded);
        Assert.Equal(BlobDownloadStatus.Ok, download.Status);
        Assert.Equal(written.ETag, download.ETag);
        Assert.Equal("application/json", download.Properties!.ContentType);
        Assert.Equal("{\"v\":1}", await ReadAllAsync(download));
    }

    [Fact]
    public async Task Upload_OfAnEmptyStream_CreatesAnEmptyBlob()
    {
        string container = await NewContainerAsync();

        BlobWriteResult written = await _blobs.UploadAsync(container, "empty", new MemoryStream());
        BlobProperties? properties = await _blobs.GetPropertiesAsync(container, "empty");

        Assert.True(written.Succeeded);
        Assert.Equal(0, properties!.ContentLength);
    }

    [Fact]
    public async Task GetProperties_IsNullForAMissingBlob_AndReportsLengthOtherwise()
    {
        string container = await NewContainerAsync();
        await _blobs.UploadAsync(container, "a.txt", Text("12345"));

        Assert.Null(await _blobs.GetPropertiesAsync(container, "missing.txt"));
        BlobProperties? properties = await _blobs.GetPropertiesAsync(container, "a.txt");
        Assert.Equal(5, properties!.ContentLength);
    }

    [Fact]
    public async Task Download_OfAMissingBlob_IsNotFound()
    {
        string container = await NewContainerAsync();

        using BlobDownloadResult download = await _blobs.DownloadAsync(container, "missing");

        Assert.Equal(BlobDownloadStatus.NotFound, download.Status);
        Assert.Null(download.ETag);
    }

    [Fact]
    public async Task Download_WithTheCurrentETagAsIfNoneMatch_IsNotModified()
    {
        string container = await NewContainerAsync();
        BlobWriteResult written = await _blobs.UploadAsync(container, "current.json", Text("{}"));

        using BlobDownloadResult same = await _blobs.DownloadAsync(container, "current.json", ifNoneMatch: written.ETag);
        using BlobDownloadResult other = await _blobs.DownloadAsync(container, "current.json", ifNoneMatch: new ETag("\"0x1\""));

        Assert.Equal(BlobDownloadStatus.NotModified, same.Status);
        Assert.Equal(BlobDownloadStatus.Ok, other.Status);
    }

    [Fact]
    public async Task IfNotExists_WritesOnce_ThenRefusesWithoutOverwriting()
    {
        string container = await NewContainerAsync();

        BlobWriteResult first = await _blobs.UploadAsync(container, "once", Text("first"), BlobConditions.IfNotExists);
        BlobWriteResult second = await _blobs.UploadAsync(container, "once", Text("second"), BlobConditions.IfNotExists);
        using BlobDownloadResult download = await _blobs.DownloadAsync(container, "once");

        Assert.Equal(BlobWriteStatus.Written, first.Status);
        Assert.False(second.Succeeded);
        Assert.Contains(second.Status, new[] { BlobWriteStatus.PreconditionFailed, BlobWriteStatus.Conflict });
        Assert.Null(second.ETag);
        Assert.Equal("first", await ReadAllAsync(download));
    }

    [Fact]
    public async Task IfMatch_WithAStaleETag_IsPreconditionFailed()
    {
        string container = await NewContainerAsync();
        BlobWriteResult v1 = await _blobs.UploadAsync(container, "current.json", Text("v1"));
        BlobWriteResult v2 = await _blobs.UploadAsync(container, "current.json", Text("v2"), BlobConditions.IfUnchanged(v1.ETag!.Value));

        BlobWriteResult stale = await _blobs.UploadAsync(container, "current.json", Text("v3"), BlobConditions.IfUnchanged(v1.ETag!.Value));

        Assert.True(v2.Succeeded);
        Assert.NotEqual(v1.ETag, v2.ETag);
        Assert.Equal(BlobWriteStatus.PreconditionFailed, stale.Status);
    }

    [Fact]
    public async Task IfMatch_OnAMissingBlob_IsPreconditionFailed()
    {
        string container = await NewContainerAsync();

        BlobWriteResult result = await _blobs.UploadAsync(container, "never-written", Text("x"), BlobConditions.IfUnchanged(new ETag("\"0x8D0\"")));

        Assert.Equal(BlobWriteStatus.PreconditionFailed, result.Status);
        Assert.Null(await _blobs.GetPropertiesAsync(container, "never-written"));
    }

    [Fact]
    public async Task Delete_IsTrueThenFalse()
    {
        string container = await NewContainerAsync();
        await _blobs.UploadAsync(container, "gone", Text("x"));

        Assert.True(await _blobs.DeleteIfExistsAsync(container, "gone"));
        Assert.False(await _blobs.DeleteIfExistsAsync(container, "gone"));
        Assert.Null(await _blobs.GetPropertiesAsync(container, "gone"));
    }

    [Fact]
    public async Task List_FollowsContinuationMarkers_AndHonoursThePrefix()
    {
        string container = await NewContainerAsync();
        var expected = new List<string>();
        for (int i = 0; i < 23; i++)
        {
            string name = $"v1/part-{i:D3}.bin";
            expected.Add(name);
            await _blobs.UploadAsync(container, name, Text(name));
        }

        await _blobs.UploadAsync(container, "v2/other.bin", Text("x"));
        await _blobs.UploadAsync(container, "current.json", Text("x"));

        var listed = new List<BlobProperties>();
        await foreach (BlobProperties blob in _blobs.ListAsync(container, "v1/", pageSize: 5))
        {
            listed.Add(blob);
        }

        Assert.Equal(expected, listed.ConvertAll(b => b.Name));
        Assert.All(listed, b => Assert.Equal(b.Name.Length, b.ContentLength));
    }
}
