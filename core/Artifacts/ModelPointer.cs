namespace Recommender.Core.Artifacts;

/// <summary>The content of current.json: which version serves, since when and why.</summary>
public sealed record ModelPointer
{
    public required string Version { get; init; }

    public required DateTimeOffset ActivatedAt { get; init; }

    /// <summary>"promoted" by the training gate, or "activated" by an operator.</summary>
    public required string Reason { get; init; }

    public string? PreviousVersion { get; init; }
}
