namespace Recommender.Functions.Training;

/// <summary>
/// Code-level training settings (not app settings): defaults suit production; tests and embedders replace the
/// registered instance.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>
    /// How long a started run holds the lock before another may start. Matches the Container Apps Job's replica
    /// timeout (7,200 s in infra), so a crashed run never blocks retraining for longer than a run may last.
    /// The process launcher also stops its child after this long.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromHours(2);

    /// <summary>How often the Container Apps launcher asks Resource Manager for the execution's status.</summary>
    public TimeSpan ExecutionPollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Process launcher: the training-job.dll to run; null finds it (see <see cref="TrainingJobLocator"/>).</summary>
    public string? TrainingJobPath { get; init; }

    /// <summary>
    /// Process launcher: extra arguments for <c>training-job train</c> set in code (e.g. smaller ALS settings in tests);
    /// the app setting TrainingExtraArguments follows them (<see cref="TrainingExtraArguments"/>).
    /// </summary>
    public IReadOnlyList<string> ExtraJobArguments { get; init; } = [];
}
