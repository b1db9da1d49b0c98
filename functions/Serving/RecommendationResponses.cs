using Recommender.Core.Serving;

namespace Recommender.Functions.Serving;

/// <summary>Body of GET /api/recommendations/{userId}.</summary>
public sealed record RecommendationResponse(string UserId, string ModelVersion, string Strategy, IReadOnlyList<RecommendedItem> Items)
{
    /// <summary>This list's id (a UUIDv7, 32 hex digits); feedback may send it back so the online metrics attribute it.</summary>
    public string? RecommendationId { get; init; }

    /// <summary>The user's A/B variant; null when no experiment runs.</summary>
    public string? Variant { get; init; }

    /// <summary>True when the variant's model could not be loaded and the active model served the list.</summary>
    public bool VariantFallback { get; init; }
}

/// <summary>Body of GET /api/similar/{itemId}.</summary>
public sealed record SimilarItemsResponse(string ItemId, string ModelVersion, IReadOnlyList<RecommendedItem> Items);

/// <summary>Body of GET /api/popular.</summary>
public sealed record PopularResponse(string ModelVersion, IReadOnlyList<RecommendedItem> Items);

/// <summary>Body of GET /api/health.</summary>
public sealed record HealthResponse(string Status, string? ModelVersion, int Users, int Items, int Factors, DateTimeOffset? LoadedAt, bool StorageReachable, string? Detail)
{
    /// <summary>When the serving version was activated (current.json).</summary>
    public DateTimeOffset? ActivatedAt { get; init; }

    /// <summary>The serving version's held-out metrics, keyed like "ndcg@10".</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }
}
