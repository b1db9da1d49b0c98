namespace Recommender.Functions.Training;

/// <summary>The outcome of <see cref="TrainingRunLock.TryAcquireAsync"/>: whether it was taken, and who holds it until when.</summary>
public sealed record LockAttempt(bool Acquired, string? HolderRunId, DateTimeOffset? ExpiresAt);
