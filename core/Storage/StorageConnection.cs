using Azure.Core;
using Azure.Identity;
using Recommender.Core.Storage.Internals;

namespace Recommender.Core.Storage;

/// <summary>Where the storage services are and how to authenticate: Shared Key or a Microsoft Entra ID token.</summary>
public sealed class StorageConnection
{
    /// <summary>The configuration key of the storage setting (and prefix of its identity-based variant).</summary>
    public const string SettingName = "RecommenderStorage";

    private StorageConnection(Uri? blob, Uri? queue, Uri? table, StorageSharedKeyCredential? sharedKey, TokenCredential? token)
    {
        BlobEndpoint = blob;
        QueueEndpoint = queue;
        TableEndpoint = table;
        SharedKey = sharedKey;
        TokenCredential = token;
    }

    /// <summary>The blob service endpoint, or null when not configured.</summary>
    public Uri? BlobEndpoint { get; }

    /// <summary>The queue service endpoint, or null when not configured.</summary>
    public Uri? QueueEndpoint { get; }

    /// <summary>The table service endpoint, or null when not configured.</summary>
    public Uri? TableEndpoint { get; }

    /// <summary>The account key credential (connection strings); null for token authentication.</summary>
    public StorageSharedKeyCredential? SharedKey { get; }

    /// <summary>The Microsoft Entra ID credential (service URIs); null for Shared Key.</summary>
    public TokenCredential? TokenCredential { get; }

    /// <summary>Parses a storage connection string (UseDevelopmentStorage=true or account name, key and endpoints).</summary>
    /// <exception cref="FormatException">The string is malformed; the message names the problem, never the key.</exception>
    public static StorageConnection Parse(string connectionString)
    {
        var parsed = ConnectionStringParser.Parse(connectionString);
        return new StorageConnection(parsed.Blob, parsed.Queue, parsed.Table, new StorageSharedKeyCredential(parsed.AccountName, parsed.AccountKey), null);
    }

    /// <summary>Service URIs authenticated with a token credential (e.g. DefaultAzureCredential or a managed identity).</summary>
    public static StorageConnection FromServiceUris(Uri? blobServiceUri, Uri? queueServiceUri, Uri? tableServiceUri, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (blobServiceUri is null && queueServiceUri is null && tableServiceUri is null)
        {
            throw new ArgumentException("At least one service URI (blob, queue or table) is required.", nameof(blobServiceUri));
        }

        return new StorageConnection(blobServiceUri, queueServiceUri, tableServiceUri, null, credential);
    }

    /// <summary>
    /// Reads <c>RecommenderStorage</c> (a connection string) or, the way Azure Functions does it, the identity-based
    /// settings <c>RecommenderStorage__blobServiceUri</c> / <c>__queueServiceUri</c> / <c>__tableServiceUri</c>
    /// (or <c>__accountName</c>) with optional <c>__clientId</c> (user-assigned managed identity) and
    /// <c>__credential=managedidentity</c>. Both "__" and ":" separators are accepted.
    /// </summary>
    /// <param name="getSetting">Looks a setting up by name (environment, IConfiguration indexer, ...); null when absent.</param>
    /// <param name="settingName">The setting name; <see cref="SettingName"/> by default.</param>
    /// <exception cref="InvalidOperationException">Nothing is configured.</exception>
    /// <exception cref="FormatException">A value is malformed.</exception>
    public static StorageConnection FromConfiguration(Func<string, string?> getSetting, string settingName = SettingName)
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
            return Parse(connectionString);
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

    /// <summary>Describes the endpoints and the kind of authentication; never the key.</summary>
    public override string ToString()
    {
        string auth = SharedKey is not null ? SharedKey.ToString() : "token";
        return $"blob={BlobEndpoint?.ToString() ?? "-"}, queue={QueueEndpoint?.ToString() ?? "-"}, table={TableEndpoint?.ToString() ?? "-"}, auth={auth}";
    }

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
