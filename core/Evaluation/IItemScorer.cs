namespace Recommender.Core.Evaluation;

/// <summary>Scores every item for a user, in the index space of the data set being evaluated.</summary>
public interface IItemScorer
{
    /// <summary>Number of items scored (the length <see cref="TryScore"/> fills).</summary>
    int ItemCount { get; }

    /// <summary>
    /// Writes a score per item into <paramref name="scores"/> (length <see cref="ItemCount"/>); higher is better.
    /// Returns false when the scorer knows nothing about the user (the evaluator then counts the user as a miss).
    /// </summary>
    bool TryScore(int user, Span<float> scores);
}
