using Azure.Core;

namespace Recommender.Core.Storage;

/// <summary>Pipeline options of the storage clients: retries, per-try timeout, logging, and blob upload sizes.</summary>
public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>Default 4 MiB: larger streams are uploaded in blocks.</summary>
    public const int DefaultSingleUploadThreshold = 4 * 1024 * 1024;

    /// <summary>Default 4 MiB per block: the memory an upload holds at once.</summary>
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    /// <summary>Defaults: 4 retries with exponential backoff from 0.5 s up to 10 s, 60 s per try.</summary>
    public StorageClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 4;
        Retry.Delay = TimeSpan.FromMilliseconds(500);
        Retry.MaxDelay = TimeSpan.FromSeconds(10);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        Diagnostics.ApplicationId = "recommender";
        Diagnostics.LoggedHeaderNames.Add("x-ms-request-id");
        Diagnostics.LoggedHeaderNames.Add("x-ms-client-request-id");
        Diagnostics.LoggedHeaderNames.Add("x-ms-error-code");
        Diagnostics.LoggedHeaderNames.Add("x-ms-version");
        Diagnostics.LoggedQueryParameters.Add("comp");
        Diagnostics.LoggedQueryParameters.Add("restype");
    }

    /// <summary>Streams up to this many bytes are uploaded with one Put Blob; larger ones in blocks.</summary>
    public int SingleUploadThreshold { get; set; } = DefaultSingleUploadThreshold;

    /// <summary>Size of each Put Block, and of the one pooled buffer an upload uses.</summary>
    public int BlockSize { get; set; } = DefaultBlockSize;
}
