using System.Text.Json;

namespace Recommender.Functions.Hosting;

/// <summary>What the Functions host posts to a custom handler for a non-HTTP trigger: binding data and metadata.</summary>
public sealed record InvocationRequest(IReadOnlyDictionary<string, JsonElement>? Data, IReadOnlyDictionary<string, JsonElement>? Metadata);

/// <summary>What the handler answers: output bindings, log lines for the host's log, and a return value.</summary>
public sealed record InvocationResponse(IReadOnlyDictionary<string, object?> Outputs, IReadOnlyList<string> Logs, object? ReturnValue)
{
    public static InvocationResponse Ok(params string[] logs) => new(new Dictionary<string, object?>(), logs, null);
}
