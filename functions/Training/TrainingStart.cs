namespace Recommender.Functions.Training;

/// <summary>The answer to a request to start training: the run's row, and which run blocked it when skipped.</summary>
/// <param name="Run">The recorded run: running, skipped or failed.</param>
/// <param name="BlockingRunId">The run in progress when this one was skipped.</param>
public sealed record TrainingStart(TrainingRun Run, string? BlockingRunId)
{
    public bool Started => Run.Status == TrainingRunStatus.Running;

    public bool Skipped => Run.Status == TrainingRunStatus.Skipped;
}
