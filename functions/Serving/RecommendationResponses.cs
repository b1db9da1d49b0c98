using Recommender.Core.Serving;

namespace Recommender.Functions.Serving;

/// <summary>Body of GET /api/recommendations/{userId}.</summary>
public sealed record RecommendationResponse(string UserId, string ModelVersion, string Strategy, IReadOnlyList<RecommendedItem> Items);

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
