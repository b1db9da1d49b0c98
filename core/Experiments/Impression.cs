using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Core.Experiments;

/// <summary>
/// One served recommendation list, as it travels on queue <c>impressions</c> and is stored in table <c>impressions</c>:
/// who got which items, in order, from which model version and variant, by which strategy, and when.
/// </summary>
public sealed record Impression
{
    /// <summary>At most this many items are logged per list (the first ones), so a message stays far below the queue's 64 KiB.</summary>
    public const int MaxLoggedItems = 200;

    public required string RecommendationId { get; init; }

    public required string UserId { get; init; }

    public required IReadOnlyList<string> Items { get; init; }

    /// <summary>The version that served the list (the active model's when the variant fell back).</summary>
    public required string ModelVersion { get; init; }

    /// <summary>The experiment variant the user is assigned to; null when no experiment runs.</summary>
    public string? Variant { get; init; }

    public required string Strategy { get; init; }

    public required DateTimeOffset ServedAt { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ImpressionJson.Default.Impression);

    /// <summary>Parses a queue message; throws <see cref="FormatException"/> with the reason when it is not an impression.</summary>
    public static Impression Parse(string json)
    {
        Impression? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(json, ImpressionJson.Default.Impression);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Impression message is not valid JSON for an impression: {ex.Message}", ex);
        }

        string? problem = parsed is null ? "it is empty"
            : !Experiments.RecommendationId.IsValid(parsed.RecommendationId) ? "recommendationId is not 32 hex digits of a version 7 UUID"
            : string.IsNullOrEmpty(parsed.UserId) || string.IsNullOrEmpty(parsed.ModelVersion) || string.IsNullOrEmpty(parsed.Strategy) ? "userId, modelVersion and strategy are required"
            : parsed.Items is null || parsed.Items.Count > MaxLoggedItems ? $"items must list at most {MaxLoggedItems} item ids"
            : null;
        if (problem is not null)
        {
            throw new FormatException($"Impression message is not valid: {problem}.");
        }

        return parsed!;
    }
}

/// <summary>JSON of impressions: camelCase, unknown members rejected.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(Impression))]
[JsonSerializable(typeof(string[]))]
public sealed partial class ImpressionJson : JsonSerializerContext;
