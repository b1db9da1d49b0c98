namespace Recommender.TrainingJob.Training;

/// <summary>The one-JSON-object summary a train run prints on stdout.</summary>
public sealed record TrainingOutcome
{
    public required string Version { get; init; }

    public required string Store { get; init; }

    public required bool Promoted { get; init; }

    /// <summary>Why the version was or was not promoted, in a sentence.</summary>
    public required string Reason { get; init; }

    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public required IReadOnlyDictionary<string, double> Popularity { get; init; }

    /// <summary>Which fit was published: "all-interactions" (refit after the gate) or "training-split".</summary>
    public required string PublishedFit { get; init; }

    public string? LiveVersion { get; init; }

    public IReadOnlyDictionary<string, double>? LiveMetrics { get; init; }

    /// <summary>The data-quality summary of the ratings input (also in the manifest).</summary>
    public Core.Data.Quality.DataQualitySummary? DataQuality { get; init; }

    /// <summary>Drift from the live version; null for a first model.</summary>
    public Core.Training.Drift.DriftReport? Drift { get; init; }

    public required double SecondsPerIteration { get; init; }

    public required double TotalSeconds { get; init; }
}
