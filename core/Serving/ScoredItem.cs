namespace Recommender.Core.Serving;

/// <summary>An item index with its score.</summary>
public readonly record struct ScoredItem(int Item, float Score);
