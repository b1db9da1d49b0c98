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

    /// <summary>
    /// Scores several users at once: user q's scores go to <c>scores[q * ItemCount ..]</c> and whether they could be
    /// scored to <c>scored[q]</c>, exactly as <see cref="TryScore"/> would write them. Scorers that read a large item
    /// matrix override it to read the matrix once for all of them; the default scores one user after another.
    /// </summary>
    void TryScoreMany(ReadOnlySpan<int> users, Span<float> scores, Span<bool> scored)
    {
        int n = ItemCount;
        for (int q = 0; q < users.Length; q++)
        {
            scored[q] = TryScore(users[q], scores.Slice(q * n, n));
        }
    }
}
