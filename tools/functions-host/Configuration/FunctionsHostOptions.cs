namespace Recommender.FunctionsHost.Configuration;

/// <summary>Command-line options: <c>functions-host --app DIR [--port 7071] [--address 127.0.0.1] [--settings FILE]</c>.</summary>
internal sealed record FunctionsHostOptions
{
    /// <summary>The worker's build output: worker.config.json, functions.metadata, host.json and the app itself.</summary>
    public string App { get; init; } = "";

    /// <summary>The HTTP port; 0 picks a free one (printed at start).</summary>
    public int Port { get; init; } = 7071;

    /// <summary>The address HTTP listens on.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>Optional local.settings.json; its "Values" are app settings, and the environment overrides them.</summary>
    public string? Settings { get; init; }

    /// <summary>Command-line switches and the option each sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--app"] = nameof(App),
        ["--port"] = nameof(Port),
        ["--address"] = nameof(Address),
        ["--settings"] = nameof(Settings),
    };
}
