namespace Recommender.Core.Serving;

/// <summary>An item of the user's history and how much of a recommended item's ALS score it accounts for.</summary>
public sealed record ItemContribution(string ItemId, string Title, float Weight);
