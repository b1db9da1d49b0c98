namespace Recommender.Functions.Training;

/// <summary>One row of the trainingruns table: a training run from its start to its outcome.</summary>
public sealed record TrainingRun
{
    /// <summary>Run id: UTC start time then a random suffix, e.g. 20261125T030000Z-1a2b3c4d.</summary>
    public required string Id { get; init; }

    /// <summary>What started it: <see cref="TrainingTrigger.Timer"/> or <see cref="TrainingTrigger.Manual"/>.</summary>
    public required string Trigger { get; init; }

    /// <summary>running, succeeded, failed or skipped (<see cref="TrainingRunStatus"/>).</summary>
    public required string Status { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The launcher that ran it: process or containerapps.</summary>
    public string? Launcher { get; init; }

    /// <summary>The Container Apps Job execution name, or the local process id.</summary>
    public string? ExecutionName { get; init; }

    /// <summary>The model version the run published, when known.</summary>
    public string? Version { get; init; }

    /// <summary>Whether the published version became current.</summary>
    public bool? Promoted { get; init; }

    /// <summary>Why it was (not) promoted, failed, or skipped, in a sentence.</summary>
    public string? Message { get; init; }
}
