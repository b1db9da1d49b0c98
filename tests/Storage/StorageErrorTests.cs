using System.Net;
using System.Net.Sockets;
using System.Text;
using Recommender.Core.Storage;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public class StorageErrorTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(30);

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private StorageConnection WithWrongKey()
    {
        string wrongKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("this is not the account key at all!!"));
        int start = azurite.ConnectionString.IndexOf("AccountKey=", StringComparison.Ordinal) + "AccountKey=".Length;
        int end = azurite.ConnectionString.IndexOf(';', start);
        return StorageConnection.Parse(azurite.ConnectionString[..start] + wrongKey + azurite.ConnectionString[end..]);
    }

    [Fact]
    public async Task WrongAccountKey_OnBlob_SaysTheKeyWasRejected()
    {
        var blobs = new BlobStorageClient(WithWrongKey(), AzuriteFixture.FastOptions());

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => blobs.CreateContainerIfNotExistsAsync(AzuriteFixture.UniqueName("c")).WaitAsync(_noHang));

        Assert.Equal(403, error.Status);
        // Azure answers AuthenticationFailed, Azurite AuthorizationFailure; both mean the signature was refused.
        Assert.Contains(error.ErrorCode, new[] { "AuthenticationFailed", "AuthorizationFailure" });
        Assert.Contains("rejected the account key or token", error.Message, StringComparison.Ordinal);
        Assert.Contains("RecommenderStorage", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task WrongAccountKey_OnQueueAndTable_SaysTheKeyWasRejected()
    {
        var queues = new QueueStorageClient(WithWrongKey(), AzuriteFixture.FastOptions());
        var tables = new TableStorageClient(WithWrongKey(), AzuriteFixture.FastOptions());

        var queueError = await Assert.ThrowsAsync<StorageRequestException>(() => queues.CreateIfNotExistsAsync("feedback").WaitAsync(_noHang));
        var tableError = await Assert.ThrowsAsync<StorageRequestException>(() => tables.CreateIfNotExistsAsync("feedback").WaitAsync(_noHang));

        Assert.Equal(403, queueError.Status);
        Assert.Equal(403, tableError.Status);
        Assert.Contains("rejected the account key or token", queueError.Message, StringComparison.Ordinal);
        Assert.Contains("rejected the account key or token", tableError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingContainer_IsContainerNotFound_NamingTheOperation()
    {
        string container = AzuriteFixture.UniqueName("missing");

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => azurite.Blobs.UploadAsync(container, "x.txt", Text("x")).WaitAsync(_noHang));

        Assert.Equal(404, error.Status);
        Assert.Equal("ContainerNotFound", error.ErrorCode);
        Assert.Contains(container, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingContainer_OnReadsAndListing_IsAnErrorNotAnEmptyResult()
    {
        string container = AzuriteFixture.UniqueName("missing");

        var download = await Assert.ThrowsAsync<StorageRequestException>(() => azurite.Blobs.DownloadAsync(container, "x"));
        var list = await Assert.ThrowsAsync<StorageRequestException>(async () =>
        {
            await foreach (BlobProperties unused in azurite.Blobs.ListAsync(container))
            {
            }
        });

        Assert.Equal("ContainerNotFound", download.ErrorCode);
        Assert.Equal("ContainerNotFound", list.ErrorCode);
    }

    [Fact]
    public async Task MissingQueueAndTable_AreNotFoundErrors()
    {
        var queue = await Assert.ThrowsAsync<StorageRequestException>(() => azurite.Queues.SendAsync(AzuriteFixture.UniqueName("missing"), "x"));
        var table = await Assert.ThrowsAsync<StorageRequestException>(() => azurite.Tables.InsertAsync(AzuriteFixture.UniqueTableName("missing"), new TableEntity("p", "r")));

        Assert.Equal("QueueNotFound", queue.ErrorCode);
        Assert.Equal(404, table.Status);
        Assert.Equal("TableNotFound", table.ErrorCode);
    }

    [Fact]
    public async Task UnreachableEndpoint_FailsAfterTheRetryBudget_NamingTheEndpoint()
    {
        // A loopback port that was free a moment ago and has no listener now.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        string key = Convert.ToBase64String(new byte[64]);
        var connection = StorageConnection.Parse($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1");
        var blobs = new BlobStorageClient(connection, AzuriteFixture.FastOptions());

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => blobs.GetPropertiesAsync("models", "current.json").WaitAsync(_noHang));

        Assert.Equal(0, error.Status);
        Assert.Contains($"http://127.0.0.1:{port}/devstoreaccount1", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 tries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledToken_IsHonoured()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => azurite.Blobs.CreateContainerIfNotExistsAsync(AzuriteFixture.UniqueName("c"), cancelled.Token));
    }

    [Fact]
    public async Task InvalidContainerName_IsRejectedBeforeAnyRequest()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => azurite.Blobs.CreateContainerIfNotExistsAsync("Bad_Name"));

        Assert.Contains("not a valid container name", error.Message, StringComparison.Ordinal);
    }
}
