namespace Recommender.Functions.Training;

/// <summary>Starts the training job somewhere (a local process, a Container Apps Job) and reports how it ended.</summary>
public interface ITrainingLauncher
{
    /// <summary>The launcher's setting value: process or containerapps.</summary>
    string Name { get; }

    /// <summary>
    /// Starts the job for <paramref name="runId"/>; returns once it is started, with a task that completes when it ends.
    /// Throws when it could not be started. <paramref name="runLifetime"/> cancelled stops waiting (and the local process).
    /// </summary>
    Task<TrainingLaunch> StartAsync(string runId, CancellationToken runLifetime);
}
