using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Functions.Hosting;

/// <summary>
/// What the Functions host posts to a custom handler for a non-HTTP trigger (POST /{FunctionName}): each input
/// binding's value under its binding name in Data (e.g. "timer", "message"), and trigger metadata (sys, queue
/// message properties, ...) in Metadata.
/// </summary>
public sealed record InvocationRequest(
    [property: JsonPropertyName("Data")] IReadOnlyDictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] IReadOnlyDictionary<string, JsonElement>? Metadata);

/// <summary>
/// What the handler answers: output binding values by binding name, log lines for the host's invocation log, and a
/// return value. The names are PascalCase on the wire, as the custom handler protocol documents them.
/// </summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    /// <summary>A response with no outputs and no return value, only log lines.</summary>
    public static InvocationResponse Ok(params string[] logs) => new(new Dictionary<string, object?>(), logs, null);
}
