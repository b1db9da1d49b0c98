using Recommender.Core.Data;
using Recommender.Core.Evaluation;

namespace Recommender.Core.Popularity;

/// <summary>
/// Non-personalised baseline and cold-start fallback: score_i = w_r * mean_rating_i + w_c * log(1 + count_i),
/// the same for every user. Items without interactions score 0.
/// </summary>
public sealed class PopularityModel : IItemScorer
{
    private readonly float[] _scores;
    private readonly int[] _ranked;

    /// <summary>Builds the model from per-item interaction counts and mean ratings (e.g. read back from an artifact).</summary>
    public PopularityModel(int[] counts, float[] meanRatings, PopularityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(meanRatings);
        if (counts.Length != meanRatings.Length)
        {
            throw new ArgumentException("Counts and mean ratings need one entry per item.");
        }

        Options = options ?? new PopularityOptions();
        Counts = counts;
        MeanRatings = meanRatings;
        _scores = new float[counts.Length];
        int ranked = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] < 0)
            {
                throw new ArgumentException($"Item {i} has a negative count.", nameof(counts));
            }

            if (counts[i] > 0)
            {
                _scores[i] = (Options.RatingWeight * meanRatings[i]) + (Options.CountWeight * MathF.Log(1 + counts[i]));
                ranked++;
            }
        }

        // Rank the items that have interactions: score descending, then index ascending.
        _ranked = new int[ranked];
        var keys = new float[ranked];
        ranked = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                _ranked[ranked] = i;
                keys[ranked++] = -_scores[i];
            }
        }

        Array.Sort(keys, _ranked);
        SortTiesByIndex(keys, _ranked);
    }

    public PopularityOptions Options { get; }

    /// <summary>Interactions per item in the rows the model was built from.</summary>
    public int[] Counts { get; }

    /// <summary>Mean value per item (0 for items without interactions).</summary>
    public float[] MeanRatings { get; }

    public int ItemCount => _scores.Length;

    /// <summary>The score of every item.</summary>
    public ReadOnlySpan<float> Scores => _scores;

    /// <summary>Items with at least one interaction, best first (ties by smaller index).</summary>
    public ReadOnlySpan<int> RankedItems => _ranked;

    /// <summary>Builds the model from the given rows of <paramref name="table"/> (normally the training rows).</summary>
    public static PopularityModel Build(InteractionTable table, ReadOnlySpan<int> rows, PopularityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        int items = table.Items.Count;
        var counts = new int[items];
        var sums = new double[items];
        foreach (int row in rows)
        {
            int item = table.ItemIndices[row];
            counts[item]++;
            sums[item] += table.Values[row];
        }

        var means = new float[items];
        for (int i = 0; i < items; i++)
        {
            means[i] = counts[i] == 0 ? 0f : (float)(sums[i] / counts[i]);
        }

        return new PopularityModel(counts, means, options);
    }

    /// <summary>Copies the shared scores; popularity knows every user, so this always succeeds.</summary>
    public bool TryScore(int user, Span<float> scores)
    {
        _scores.CopyTo(scores);
        return true;
    }

    /// <summary>Array.Sort is unstable; put equal-score runs back into index order.</summary>
    private static void SortTiesByIndex(float[] keys, int[] items)
    {
        int start = 0;
        while (start < keys.Length)
        {
            int end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(items, start, end - start);
            }

            start = end;
        }
    }
}
