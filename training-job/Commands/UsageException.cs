namespace Recommender.TrainingJob.Commands;

/// <summary>A command-line mistake found after parsing (e.g. two options that exclude each other); exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
