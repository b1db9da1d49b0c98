using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Recommender.Core.AzureStorage;

/// <summary>
/// Where the storage services are and how to authenticate, resolved from the <c>RecommenderStorage</c> setting the way
/// the Azure Functions host resolves a connection: a connection string, or the identity-based
/// <c>__blobServiceUri</c> / <c>__queueServiceUri</c> / <c>__tableServiceUri</c> settings with <c>__credential</c> and <c>__clientId</c>.
/// Creates the SDK clients with <see cref="StorageClientDefaults"/>.
/// </summary>
public sealed class StorageAccountSettings
{
    /// <summary>The configuration key of the storage setting (and prefix of its identity-based variant).</summary>
    public const string SettingName = "RecommenderStorage";

    private readonly string? _connectionString;

    private StorageAccountSettings(string? connectionString, Uri? blob, Uri? queue, Uri? table, TokenCredential? credential)
    {
        _connectionString = connectionString;
        BlobServiceUri = blob;
        QueueServiceUri = queue;
        TableServiceUri = table;
        Credential = credential;
    }

    /// <summary>The blob service endpoint, or null when not configured.</summary>
    public Uri? BlobServiceUri { get; }

    /// <summary>The queue service endpoint, or null when not configured.</summary>
    public Uri? QueueServiceUri { get; }

    /// <summary>The table service endpoint, or null when not configured.</summary>
    public Uri? TableServiceUri { get; }

    /// <summary>The Microsoft Entra ID credential of the identity-based form; null for a connection string.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>
    /// A storage connection string (UseDevelopmentStorage=true, or account name, key and endpoints), parsed by the SDK.
    /// </summary>
    /// <exception cref="FormatException">The string is malformed; the message never repeats the key.</exception>
    public static StorageAccountSettings FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Uri? blob = TryEndpoint(() => new BlobServiceClient(connectionString).Uri);
        Uri? queue = TryEndpoint(() => new QueueServiceClient(connectionString).Uri);
        Uri? table = TryEndpoint(() => new TableServiceClient(connectionString).Uri);
        if (blob is null && queue is null && table is null)
        {
            throw new FormatException(
                $"{SettingName} is not a valid storage connection string: expected UseDevelopmentStorage=true, or AccountName, AccountKey and endpoints (DefaultEndpointsProtocol/EndpointSuffix or BlobEndpoint=...).");
        }

        return new StorageAccountSettings(connectionString, blob, queue, table, null);
    }

    /// <summary>Service URIs authenticated with a token credential (DefaultAzureCredential, a managed identity...).</summary>
    public static StorageAccountSettings FromServiceUris(Uri? blobServiceUri, Uri? queueServiceUri, Uri? tableServiceUri, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (blobServiceUri is null && queueServiceUri is null && tableServiceUri is null)
        {
            throw new ArgumentException("At least one service URI (blob, queue or table) is required.", nameof(blobServiceUri));
        }

        return new StorageAccountSettings(null, blobServiceUri, queueServiceUri, tableServiceUri, credential);
    }

    /// <summary>
    /// The training job's <c>--store</c>: a connection string, or a blob account URL whose queue and table services sit
    /// on the same account (authenticated by DefaultAzureCredential, a managed identity in Azure).
    /// </summary>
    public static StorageAccountSettings FromStoreArgument(string store)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        if (Uri.TryCreate(store, UriKind.Absolute, out Uri? uri) && uri.Scheme is "https" or "http" && !store.Contains('=', StringComparison.Ordinal))
        {
            Uri Service(string name) => new(uri.GetLeftPart(UriPartial.Authority).Replace(".blob.", $".{name}.", StringComparison.Ordinal));
            return FromServiceUris(uri, Service("queue"), Service("table"), new DefaultAzureCredential());
        }

        return FromConnectionString(store);
    }

    /// <summary>
    /// Reads <c>RecommenderStorage</c> (a connection string) or the identity-based settings
    /// <c>RecommenderStorage__blobServiceUri</c> / <c>__queueServiceUri</c> / <c>__tableServiceUri</c> (or <c>__accountName</c>),
    /// with <c>__credential=managedidentity</c> and <c>__clientId</c> (a user-assigned identity). "__" and ":" both separate.
    /// </summary>
    /// <param name="getSetting">Looks a setting up by name (environment, IConfiguration indexer...); null when absent.</param>
    /// <param name="settingName">The setting name; <see cref="SettingName"/> by default.</param>
    /// <exception cref="InvalidOperationException">Nothing is configured.</exception>
    /// <exception cref="FormatException">A value is malformed.</exception>
    public static StorageAccountSettings FromConfiguration(Func<string, string?> getSetting, string settingName = SettingName)
    {
        ArgumentNullException.ThrowIfNull(getSetting);
        string? Get(string suffix)
        {
            string? value = getSetting(settingName + "__" + suffix);
            value = string.IsNullOrWhiteSpace(value) ? getSetting(settingName + ":" + suffix) : value;
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        string? connectionString = getSetting(settingName);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString);
        }

        Uri? blob = ServiceUri(Get("blobServiceUri"), settingName + "__blobServiceUri");
        Uri? queue = ServiceUri(Get("queueServiceUri"), settingName + "__queueServiceUri");
        Uri? table = ServiceUri(Get("tableServiceUri"), settingName + "__tableServiceUri");
        string? accountName = Get("accountName");
        if (accountName is not null)
        {
            blob ??= new Uri($"https://{accountName}.blob.core.windows.net");
            queue ??= new Uri($"https://{accountName}.queue.core.windows.net");
            table ??= new Uri($"https://{accountName}.table.core.windows.net");
        }

        if (blob is null && queue is null && table is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {settingName} to a connection string (UseDevelopmentStorage=true for Azurite), " +
                $"or {settingName}__blobServiceUri / __queueServiceUri / __tableServiceUri for a managed identity.");
        }

        return FromServiceUris(blob, queue, table, CreateCredential(Get("clientId"), Get("credential")));
    }

    /// <summary>The blob service client, with <see cref="StorageClientDefaults.Blobs"/> unless options are given.</summary>
    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions? options = null)
    {
        options ??= StorageClientDefaults.Blobs();
        return _connectionString is not null
            ? new BlobServiceClient(_connectionString, options)
            : new BlobServiceClient(BlobServiceUri ?? throw Missing("blob"), Credential, options);
    }

    /// <summary>The queue service client (Base64 messages, as the Functions host reads them).</summary>
    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions? options = null)
    {
        options ??= StorageClientDefaults.Queues();
        return _connectionString is not null
            ? new QueueServiceClient(_connectionString, options)
            : new QueueServiceClient(QueueServiceUri ?? throw Missing("queue"), Credential, options);
    }

    /// <summary>The table service client.</summary>
    public TableServiceClient CreateTableServiceClient(TableClientOptions? options = null)
    {
        options ??= StorageClientDefaults.Tables();
        return _connectionString is not null
            ? new TableServiceClient(_connectionString, options)
            : new TableServiceClient(TableServiceUri ?? throw Missing("table"), Credential, options);
    }

    /// <summary>Describes the endpoints and the kind of authentication; never the key.</summary>
    public override string ToString() =>
        $"blob={BlobServiceUri?.ToString() ?? "-"}, queue={QueueServiceUri?.ToString() ?? "-"}, table={TableServiceUri?.ToString() ?? "-"}, " +
        $"auth={(_connectionString is not null ? "account key" : "token")}";

    // As Functions resolves identity-based connections: a client id selects that user-assigned managed identity,
    // __credential=managedidentity the system-assigned one; otherwise DefaultAzureCredential (az login on a workstation).
    private static TokenCredential CreateCredential(string? clientId, string? credential)
    {
        if (clientId is not null)
        {
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        if (string.Equals(credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
        }

        return new DefaultAzureCredential();
    }

    private static Uri? TryEndpoint(Func<Uri> create)
    {
        try
        {
            return create();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or NullReferenceException)
        {
            // The SDK's parser says which part is wrong in words that may quote the string; the caller gives its own message.
            return null;
        }
    }

    private static InvalidOperationException Missing(string service) =>
        new($"The storage configuration ({SettingName}) has no {service} endpoint.");

    private static Uri? ServiceUri(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new FormatException($"{name} must be an absolute http(s) URI such as https://myaccount.blob.core.windows.net, not '{value}'.");
        }

        return uri;
    }
}
