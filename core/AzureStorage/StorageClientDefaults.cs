using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Recommender.Core.AzureStorage;

/// <summary>
/// Client options shared by the app and the training job. Retries and timeouts are bounded so an unreachable endpoint
/// fails within seconds instead of holding a request; the service version is the SDK's own.
/// </summary>
public static class StorageClientDefaults
{
    /// <summary>Tries per operation: the first and two retries.</summary>
    public const int MaxRetries = 2;

    /// <summary>Longest wait for one network operation (connecting, or reading the next bytes of a transfer).</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Blob client options.</summary>
    public static BlobClientOptions Blobs() => Apply(new BlobClientOptions());

    /// <summary>Queue client options; messages are Base64 text, the encoding the Functions queue trigger reads.</summary>
    public static QueueClientOptions Queues() => Apply(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>Table client options.</summary>
    public static TableClientOptions Tables() => Apply(new TableClientOptions());

    /// <summary>Sets the bounded retry policy on any Azure SDK client options.</summary>
    public static T Apply<T>(T options)
        where T : ClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = NetworkTimeout;
        return options;
    }
}
