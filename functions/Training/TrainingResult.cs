namespace Recommender.Functions.Training;

/// <summary>How a training job ended, as far as the launcher can tell.</summary>
/// <param name="Succeeded">True when the job finished without error.</param>
/// <param name="Version">The version it published, when the launcher can read it.</param>
/// <param name="Promoted">Whether that version became current, when known.</param>
/// <param name="Message">The promotion reason or the failure, in a sentence.</param>
public sealed record TrainingResult(bool Succeeded, string? Version, bool? Promoted, string? Message)
{
    public static TrainingResult Failure(string message) => new(false, null, null, message);
}
