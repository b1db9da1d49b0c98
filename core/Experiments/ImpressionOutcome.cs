namespace Recommender.Core.Experiments;

/// <summary>What a user did with a served list, as counted by the online metrics.</summary>
public enum ImpressionOutcome
{
    Like,
    Dislike,
}
