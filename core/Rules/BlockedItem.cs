namespace Recommender.Core.Rules;

/// <summary>An item kept out of every answer, and since when.</summary>
public sealed record BlockedItem(string ItemId, DateTimeOffset BlockedAt);
