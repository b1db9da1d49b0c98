namespace Recommender.Core.Serving;

/// <summary>A user's ranked items and the strategy that produced them: als, mixed, fold-in or popularity.</summary>
public sealed record Recommendations(string Strategy, IReadOnlyList<RecommendedItem> Items)
{
    public const string Als = "als";
    public const string Mixed = "mixed";
    public const string FoldIn = "fold-in";
    public const string Popularity = "popularity";
}
