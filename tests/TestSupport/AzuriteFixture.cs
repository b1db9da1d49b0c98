using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Recommender.Core.AzureStorage;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// xunit collection fixture for tests against a real Azurite: uses RecommenderStorage when set (test.sh sets it),
/// otherwise starts Azurite through tools/azurite/start.sh, so plain `dotnet test` works too.
/// </summary>
public sealed class AzuriteFixture
{
    /// <summary>Creates the SDK clients with the project's bounded retry policy.</summary>
    public AzuriteFixture()
    {
        ConnectionString = AzuriteServer.ConnectionString;
        Settings = StorageAccountSettings.FromConnectionString(ConnectionString);
        Blobs = Settings.CreateBlobServiceClient();
        Queues = Settings.CreateQueueServiceClient();
        Tables = Settings.CreateTableServiceClient();
    }

    /// <summary>The Azurite connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The resolved settings.</summary>
    public StorageAccountSettings Settings { get; }

    /// <summary>Blob service client on Azurite.</summary>
    public BlobServiceClient Blobs { get; }

    /// <summary>Queue service client on Azurite.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>Table service client on Azurite.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>A fresh container or queue name (lowercase letters and digits).</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];

    /// <summary>A fresh table name (letters and digits, starting with a letter).</summary>
    public static string UniqueTableName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Test set-up: uploads a file into a container, creating the container when missing.</summary>
    public async Task UploadAsync(string container, string blobName, Stream content)
    {
        BlobContainerClient client = Blobs.GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync();
        await client.GetBlobClient(blobName).UploadAsync(content, overwrite: true);
    }

    /// <summary>The texts of up to 32 messages on a queue, without taking them; empty when the queue does not exist.</summary>
    public async Task<IReadOnlyList<string>> PeekTextsAsync(string queue)
    {
        try
        {
            PeekedMessage[] messages = (await Queues.GetQueueClient(queue).PeekMessagesAsync(32)).Value;
            return [.. messages.Select(m => m.Body.ToString())];
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }

    /// <summary>Test set-up: puts a text message on a queue, creating the queue when missing.</summary>
    public async Task SendTextAsync(string queue, string text)
    {
        QueueClient client = Queues.GetQueueClient(queue);
        await client.CreateIfNotExistsAsync();
        await client.SendMessageAsync(text);
    }
}
