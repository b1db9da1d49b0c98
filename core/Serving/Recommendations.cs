namespace Recommender.Core.Serving;

/// <summary>
/// A user's ranked items and the strategy that produced them: als, mixed, fold-in or popularity; als-updated and
/// mixed-updated when a known user's vector was re-solved with feedback logged after the model was trained.
/// </summary>
public sealed record Recommendations(string Strategy, IReadOnlyList<RecommendedItem> Items)
{
    public const string Als = "als";
    public const string AlsUpdated = "als-updated";
    public const string Mixed = "mixed";
    public const string MixedUpdated = "mixed-updated";
    public const string FoldIn = "fold-in";
    public const string Popularity = "popularity";
}
