namespace Recommender.Core.Storage.Internals;

/// <summary>Parses storage connection strings into endpoints and an account key, with errors that never echo the key.</summary>
internal static class ConnectionStringParser
{
    /// <summary>The Azurite development account (public, documented by Microsoft).</summary>
    internal const string DevelopmentAccountName = "devstoreaccount1";

    internal const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] _knownKeys =
    [
        "DefaultEndpointsProtocol", "AccountName", "AccountKey", "BlobEndpoint", "QueueEndpoint", "TableEndpoint",
        "FileEndpoint", "EndpointSuffix", "UseDevelopmentStorage", "DevelopmentStorageProxyUri",
        "BlobSecondaryEndpoint", "QueueSecondaryEndpoint", "TableSecondaryEndpoint", "FileSecondaryEndpoint", "SharedAccessSignature",
    ];

    internal readonly record struct Result(string AccountName, string AccountKey, Uri Blob, Uri Queue, Uri Table);

    internal static Result Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The storage connection string is empty.");
        }

        var settings = Split(connectionString);
        if (settings.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("SAS connection strings are not supported: use AccountName/AccountKey, UseDevelopmentStorage=true, or service URIs with a managed identity.");
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out string? dev))
        {
            if (!string.Equals(dev, "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException("UseDevelopmentStorage must be 'true' when present.");
            }

            Uri proxy = settings.TryGetValue("DevelopmentStorageProxyUri", out string? p) ? Absolute(p, "DevelopmentStorageProxyUri") : new Uri("http://127.0.0.1");
            return new Result(
                DevelopmentAccountName,
                DevelopmentAccountKey,
                new Uri($"{proxy.Scheme}://{proxy.Host}:10000/{DevelopmentAccountName}"),
                new Uri($"{proxy.Scheme}://{proxy.Host}:10001/{DevelopmentAccountName}"),
                new Uri($"{proxy.Scheme}://{proxy.Host}:10002/{DevelopmentAccountName}"));
        }

        if (!settings.TryGetValue("AccountName", out string? account) || account.Length == 0)
        {
            throw new FormatException("The storage connection string has no AccountName.");
        }

        if (!settings.TryGetValue("AccountKey", out string? key) || key.Length == 0)
        {
            throw new FormatException($"The storage connection string for account '{account}' has no AccountKey.");
        }

        string protocol = settings.TryGetValue("DefaultEndpointsProtocol", out string? proto) ? proto.ToLowerInvariant() : "https";
        if (protocol is not ("https" or "http"))
        {
            throw new FormatException($"DefaultEndpointsProtocol must be 'https' or 'http', not '{proto}'.");
        }

        string suffix = settings.TryGetValue("EndpointSuffix", out string? s) && s.Length > 0 ? s : "core.windows.net";
        Uri Endpoint(string name, string service) =>
            settings.TryGetValue(name, out string? explicitUri) ? Absolute(explicitUri, name) : new Uri($"{protocol}://{account}.{service}.{suffix}");

        return new Result(account, key, Endpoint("BlobEndpoint", "blob"), Endpoint("QueueEndpoint", "queue"), Endpoint("TableEndpoint", "table"));
    }

    private static Dictionary<string, string> Split(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string[] segments = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (int i = 0; i < segments.Length; i++)
        {
            int eq = segments[i].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                // The segment itself is not shown: it may be a piece of the key.
                throw new FormatException($"The storage connection string is malformed: segment {i + 1} is not of the form Name=Value.");
            }

            string name = segments[i][..eq].Trim();
            if (Array.FindIndex(_knownKeys, k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) < 0)
            {
                throw new FormatException($"The storage connection string has an unknown setting '{name}'; expected names such as AccountName, AccountKey, BlobEndpoint, QueueEndpoint, TableEndpoint, EndpointSuffix or UseDevelopmentStorage.");
            }

            if (!settings.TryAdd(name, segments[i][(eq + 1)..].Trim()))
            {
                throw new FormatException($"The storage connection string sets '{name}' twice.");
            }
        }

        return settings;
    }

    private static Uri Absolute(string value, string name)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"{name} in the storage connection string must be an absolute http(s) URI, not '{value}'.");
        }

        return uri;
    }
}
