using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Functions.Hosting;

/// <summary>
/// What the Functions host posts to a custom handler for a non-HTTP trigger (POST /{FunctionName}):
/// the trigger's value under its binding name in <see cref="Data"/>, and trigger metadata (sys, queue message properties, ...).
/// </summary>
public sealed record InvocationRequest
{
    /// <summary>Input binding values by binding name (e.g. "timer", "message").</summary>
    [JsonPropertyName("Data")]
    public IReadOnlyDictionary<string, JsonElement> Data { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>Trigger metadata by name (e.g. "sys" with MethodName, UtcNow, RandGuid).</summary>
    [JsonPropertyName("Metadata")]
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; init; } = new Dictionary<string, JsonElement>();
}

/// <summary>What a custom handler answers to an invocation: output binding values, log lines for the host, and a return value.</summary>
public sealed record InvocationResponse
{
    /// <summary>Output binding values by binding name; empty when the function has none.</summary>
    [JsonPropertyName("Outputs")]
    public IReadOnlyDictionary<string, object?> Outputs { get; init; } = new Dictionary<string, object?>();

    /// <summary>Lines the host writes to the function's invocation log.</summary>
    [JsonPropertyName("Logs")]
    public IReadOnlyList<string> Logs { get; init; } = [];

    /// <summary>The $return binding's value; null when the function has none.</summary>
    [JsonPropertyName("ReturnValue")]
    public object? ReturnValue { get; init; }

    /// <summary>A response with only log lines.</summary>
    public static InvocationResponse WithLogs(params string[] logs) => new() { Logs = logs };
}
