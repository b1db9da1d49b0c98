using Azure.Core;
using Recommender.Core.Storage;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// xunit collection fixture for tests against a real Azurite: uses RecommenderStorage when set (test.sh sets it),
/// otherwise starts Azurite through tools/azurite/start.sh, so plain `dotnet test` works too.
/// </summary>
public sealed class AzuriteFixture
{
    /// <summary>Creates the clients with a small retry budget, so failures surface quickly in tests.</summary>
    public AzuriteFixture()
    {
        ConnectionString = AzuriteServer.ConnectionString;
        Connection = StorageConnection.Parse(ConnectionString);
        Blobs = new BlobStorageClient(Connection, FastOptions());
        Queues = new QueueStorageClient(Connection, FastOptions());
        Tables = new TableStorageClient(Connection, FastOptions());
    }

    /// <summary>The Azurite connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The parsed connection.</summary>
    public StorageConnection Connection { get; }

    /// <summary>Blob client on Azurite.</summary>
    public BlobStorageClient Blobs { get; }

    /// <summary>Queue client on Azurite.</summary>
    public QueueStorageClient Queues { get; }

    /// <summary>Table client on Azurite.</summary>
    public TableStorageClient Tables { get; }

    /// <summary>Two retries 50-200 ms apart and 30 s per try: enough for Azurite, short for failure tests.</summary>
    public static StorageClientOptions FastOptions()
    {
        var options = new StorageClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    /// <summary>A fresh container or queue name (lowercase letters and digits).</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];

    /// <summary>A fresh table name (letters and digits, starting with a letter).</summary>
    public static string UniqueTableName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];
}
