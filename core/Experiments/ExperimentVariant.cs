namespace Recommender.Core.Experiments;

/// <summary>One arm of an A/B split: a model version served to a share of the users, under a name of its own.</summary>
public sealed record ExperimentVariant(string Name, string Version, double Share);
