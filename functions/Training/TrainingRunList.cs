namespace Recommender.Functions.Training;

/// <summary>Body of GET /api/training/runs: runs newest first.</summary>
public sealed record TrainingRunList(IReadOnlyList<TrainingRun> Runs);
