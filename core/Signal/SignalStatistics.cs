namespace Recommender.Core.Signal;

/// <summary>
/// The statistics TF-IDF and BM25 took from the matrix they weighed (<see cref="TrainingSignal.Apply(Als.CsrMatrix, SignalOptions, Als.CsrMatrix?, out SignalStatistics?)"/>),
/// so that one user's preference weights can be weighed later exactly as the fit weighed them
/// (<see cref="TrainingSignal.WeighUser"/>).
/// </summary>
public sealed class SignalStatistics
{
    public SignalStatistics(float[] itemIdf, float[]? userLengths, float averageLength)
    {
        ArgumentNullException.ThrowIfNull(itemIdf);
        ItemIdf = itemIdf;
        UserLengths = userLengths;
        AverageLength = averageLength;
    }

    /// <summary>ln(1 + users / users-with-the-item) per item column; 0 for an item no user kept a weight on.</summary>
    public float[] ItemIdf { get; }

    /// <summary>Under BM25: each user's length, the sum of their preference weights; null under TF-IDF.</summary>
    public float[]? UserLengths { get; }

    /// <summary>Under BM25: the average of <see cref="UserLengths"/> over every user (1 when all are 0); 1 under TF-IDF.</summary>
    public float AverageLength { get; }
}
