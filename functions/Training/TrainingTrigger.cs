namespace Recommender.Functions.Training;

/// <summary>What asked for a training run.</summary>
public static class TrainingTrigger
{
    /// <summary>The NightlyRetrain schedule.</summary>
    public const string Timer = "timer";

    /// <summary>POST /api/training.</summary>
    public const string Manual = "manual";
}
