namespace Recommender.Core.Als;

/// <summary>Summaries of per-iteration wall-clock times, shared by the bench command and the training manifest.</summary>
public static class IterationTimes
{
    /// <summary>The median of the seconds (0 when there are none); robust to the first, warm-up iteration.</summary>
    public static double Median(IReadOnlyList<double> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        if (seconds.Count == 0)
        {
            return 0d;
        }

        var sorted = new double[seconds.Count];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = seconds[i];
        }

        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
