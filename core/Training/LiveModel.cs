namespace Recommender.Core.Training;

/// <summary>The model serving when a run evaluated: its version, the current.json ETag read then, and its score.</summary>
/// <param name="Version">The live version.</param>
/// <param name="ETag">current.json's ETag when it was read; promotion writes only over this exact pointer.</param>
/// <param name="Score">The live model's promotion metric on the candidate's held-out data.</param>
public sealed record LiveModel(string Version, string ETag, double Score);
