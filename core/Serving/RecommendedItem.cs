namespace Recommender.Core.Serving;

/// <summary>One recommended item, with the ids and titles a client sees.</summary>
public sealed record RecommendedItem(string ItemId, string Title, float Score);
