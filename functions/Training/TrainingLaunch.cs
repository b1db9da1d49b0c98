namespace Recommender.Functions.Training;

/// <summary>A started training job: what identifies it, and a task that completes with its outcome.</summary>
/// <param name="ExecutionName">The Container Apps Job execution name, or "pid N" for a local process.</param>
/// <param name="Completion">Completes when the job ended (or when the launcher can no longer follow it).</param>
public sealed record TrainingLaunch(string ExecutionName, Task<TrainingResult> Completion);
