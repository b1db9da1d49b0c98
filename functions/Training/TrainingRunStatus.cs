namespace Recommender.Functions.Training;

/// <summary>The status values of a training run, as stored and served.</summary>
public static class TrainingRunStatus
{
    public const string Running = "running";

    public const string Succeeded = "succeeded";

    public const string Failed = "failed";

    /// <summary>Not started because another run held the lock.</summary>
    public const string Skipped = "skipped";
}
