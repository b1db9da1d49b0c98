namespace Recommender.Core.Training;

/// <summary>The model serving when a run evaluated: its version, the current.json ETag read then, and its score.</summary>
/// <param name="Version">The live version.</param>
/// <param name="ETag">current.json's ETag when it was read; promotion writes only over this exact pointer.</param>
/// <param name="Score">The live model's promotion metric on the candidate's held-out data.</param>
public sealed record LiveModel(string Version, string ETag, double Score)
{
    /// <summary>
    /// The candidate's score on the same users as <see cref="Score"/>, when the live model was scored on fewer users
    /// than the candidate (a live model refitted on every interaction has already seen some held-out items, so only
    /// the users whose held-out item it never saw are a fair comparison). Null: both were scored on the same users.
    /// </summary>
    public double? CandidateScore { get; init; }
}
