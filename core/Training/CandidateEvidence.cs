namespace Recommender.Core.Training;

/// <summary>What the held-out evaluation says about a candidate: its score, the popularity baseline's score on the same
/// users, and how many users were actually evaluated.</summary>
/// <param name="Score">The candidate's promotion metric.</param>
/// <param name="PopularityScore">The popularity baseline's promotion metric on the same held-out data.</param>
/// <param name="UsersEvaluated">Users with at least one held-out positive: the denominator of both scores.</param>
public sealed record CandidateEvidence(double Score, double PopularityScore, int UsersEvaluated);
