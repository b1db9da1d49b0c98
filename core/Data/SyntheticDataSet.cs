namespace Recommender.Core.Data;

/// <summary>Where a generated data set was written and its size.</summary>
public sealed record SyntheticDataSet(string RatingsPath, string MoviesPath, int Users, int Items, int Interactions);
