namespace Recommender.Core.Evaluation;

/// <summary>
/// A split of an <see cref="Data.InteractionTable"/> into row sets, each in ascending row order. Train holds every
/// row not held out (positive or not); validation and test hold held-out positive rows.
/// </summary>
public sealed class EvaluationSplit
{
    public EvaluationSplit(string protocol, float minRating, int[] trainRows, int[] validationRows, int[] testRows)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        ArgumentNullException.ThrowIfNull(trainRows);
        ArgumentNullException.ThrowIfNull(validationRows);
        ArgumentNullException.ThrowIfNull(testRows);
        Protocol = protocol;
        MinRating = minRating;
        TrainRows = trainRows;
        ValidationRows = validationRows;
        TestRows = testRows;
    }

    /// <summary>Short protocol name for reports, e.g. "leave-last-out" or "ratio 0.8/0.1/0.1".</summary>
    public string Protocol { get; }

    /// <summary>Ratings at or above this value were positives.</summary>
    public float MinRating { get; }

    public int[] TrainRows { get; }

    public int[] ValidationRows { get; }

    public int[] TestRows { get; }
}
