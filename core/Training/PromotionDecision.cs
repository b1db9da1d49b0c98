namespace Recommender.Core.Training;

/// <summary>Whether a candidate model became current, and why, in a sentence.</summary>
public sealed record PromotionDecision(bool Promoted, string Reason);
