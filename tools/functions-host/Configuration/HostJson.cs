using Microsoft.Extensions.Configuration;

namespace Recommender.FunctionsHost.Configuration;

/// <summary>
/// The settings of host.json this stand-in honours. As in the Functions host, an app setting
/// <c>AzureFunctionsJobHost__path__to__value</c> overrides the value at that path.
/// </summary>
internal sealed record HostJson
{
    public const string OverridePrefix = "AzureFunctionsJobHost__";

    /// <summary>extensions.http.routePrefix: the first path segment of every HTTP route.</summary>
    public string RoutePrefix { get; init; } = "api";

    /// <summary>functionTimeout: how long a function may run; also how long a queue message stays leased.</summary>
    public TimeSpan FunctionTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public QueueSettings Queues { get; init; } = new();

    public static HostJson Load(string path, AppSettings settings) => From(Read(path, settings));

    /// <summary>host.json with the app-setting overrides applied, as configuration (logging reads its "logging" section).</summary>
    public static IConfiguration Read(string path, AppSettings settings)
    {
        var overrides = new Dictionary<string, string?>();
        foreach (var (key, value) in settings.Values)
        {
            if (key.StartsWith(OverridePrefix, StringComparison.OrdinalIgnoreCase))
            {
                overrides[key[OverridePrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }

        return new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(path), optional: true)
            .AddInMemoryCollection(overrides)
            .Build();
    }

    private static HostJson From(IConfiguration json)
    {
        var defaults = new QueueSettings();
        IConfigurationSection queues = json.GetSection("extensions:queues");
        return new HostJson
        {
            RoutePrefix = (json["extensions:http:routePrefix"] ?? "api").Trim('/'),
            FunctionTimeout = json.GetValue("functionTimeout", TimeSpan.FromMinutes(5)),
            Queues = new QueueSettings
            {
                BatchSize = Math.Clamp(queues.GetValue("batchSize", defaults.BatchSize), 1, 32),
                VisibilityTimeout = queues.GetValue("visibilityTimeout", defaults.VisibilityTimeout),
                MaxDequeueCount = Math.Max(1, queues.GetValue("maxDequeueCount", defaults.MaxDequeueCount)),
                MaxPollingInterval = queues.GetValue("maxPollingInterval", defaults.MaxPollingInterval),
                MessageEncoding = queues["messageEncoding"] ?? defaults.MessageEncoding,
            },
        };
    }
}

/// <summary>extensions.queues of host.json, with the Functions host's defaults.</summary>
internal sealed record QueueSettings
{
    /// <summary>Messages fetched per poll (1-32).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>How long a failed message stays invisible before its next try.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Tries before a message moves to the poison queue.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>The longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>"base64" (the default) or "none".</summary>
    public string MessageEncoding { get; init; } = "base64";
}
