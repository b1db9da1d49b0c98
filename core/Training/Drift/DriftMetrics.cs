using Recommender.Core.Data;

namespace Recommender.Core.Training.Drift;

/// <summary>The drift statistics, as plain functions of counts: PSI, Gini, top-N overlap and coverage.</summary>
public static class DriftMetrics
{
    /// <summary>Popularity bins of the live version (equal shares of its interactions) before the bin of new items.</summary>
    public const int PopularityBins = 10;

    /// <summary>Floor on a bin's share, so an empty bin gives a large but finite term instead of ln(0).</summary>
    public const double PsiEpsilon = 1e-4;

    /// <summary>
    /// Population stability index Σ (a − e) · ln(a / e) over matching bins of two distributions given as shares
    /// (each summing to 1); a share below <paramref name="epsilon"/> counts as <paramref name="epsilon"/>.
    /// </summary>
    public static double PopulationStabilityIndex(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double epsilon = PsiEpsilon)
    {
        if (expected.Length != actual.Length)
        {
            throw new ArgumentException("Both distributions need the same bins.");
        }

        double psi = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Math.Max(expected[i], epsilon);
            double a = Math.Max(actual[i], epsilon);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    /// <summary>
    /// PSI of the item-popularity distribution. The live version's items, most popular first (ties by id), are cut
    /// into <paramref name="bins"/> bins of about equal shares of its interactions (an item is never split, so a bin
    /// can stay empty); one more bin holds the candidate's items the live version does not know. Each distribution is
    /// the share of its own interactions falling into each bin.
    /// </summary>
    /// <param name="liveCounts">Interactions per live item, in the live version's item index.</param>
    /// <param name="liveItems">The live version's item ids (ties in popularity are ordered by id).</param>
    /// <param name="candidateCounts">Interactions per candidate item, in the candidate's item index.</param>
    /// <param name="candidateItems">The candidate's item ids.</param>
    /// <param name="bins">Equal-mass bins of the live items.</param>
    public static double PopularityPsi(ReadOnlySpan<int> liveCounts, IdMap liveItems, ReadOnlySpan<int> candidateCounts, IdMap candidateItems, int bins = PopularityBins)
    {
        ArgumentNullException.ThrowIfNull(liveItems);
        ArgumentNullException.ThrowIfNull(candidateItems);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        int[] ranked = RankByCount(liveCounts, liveItems);
        long liveTotal = Sum(liveCounts);
        var binOf = new int[liveCounts.Length];
        var expected = new double[bins + 1];
        long before = 0;
        foreach (int item in ranked)
        {
            // The bin is fixed by the live mass ahead of the item: equal-mass cut points at 1/bins, 2/bins, ...
            int bin = liveTotal == 0 ? 0 : (int)Math.Min(bins - 1, before * bins / liveTotal);
            binOf[item] = bin;
            expected[bin] += liveCounts[item];
            before += liveCounts[item];
        }

        var actual = new double[bins + 1];
        long candidateTotal = 0;
        for (int i = 0; i < candidateCounts.Length; i++)
        {
            int bin = liveItems.TryGetIndex(candidateItems[i], out int live) ? binOf[live] : bins;
            actual[bin] += candidateCounts[i];
            candidateTotal += candidateCounts[i];
        }

        Normalise(expected, liveTotal);
        Normalise(actual, candidateTotal);
        return PopulationStabilityIndex(expected, actual);
    }

    /// <summary>
    /// Gini coefficient of non-negative counts, 0 (all equal) to (n − 1) / n (all on one); 0 when every count is 0.
    /// With counts sorted ascending x₁ ≤ … ≤ xₙ: G = Σ (2i − n − 1) · xᵢ / (n · Σ x).
    /// </summary>
    public static double Gini(ReadOnlySpan<long> counts)
    {
        long[] sorted = counts.ToArray();
        Array.Sort(sorted);
        int n = sorted.Length;
        double total = 0, weighted = 0;
        for (int i = 0; i < n; i++)
        {
            if (sorted[i] < 0)
            {
                throw new ArgumentException("Counts must not be negative.", nameof(counts));
            }

            total += sorted[i];
            weighted += ((2.0 * (i + 1)) - n - 1) * sorted[i];
        }

        return total == 0 ? 0 : weighted / (n * total);
    }

    /// <summary>The ids of the <paramref name="n"/> items with the largest counts (ties by id, ordinal), zero counts left out.</summary>
    public static string[] TopItems(ReadOnlySpan<int> counts, IdMap items, int n)
    {
        ArgumentNullException.ThrowIfNull(items);
        int[] ranked = RankByCount(counts, items);
        int take = 0;
        while (take < ranked.Length && take < n && counts[ranked[take]] > 0)
        {
            take++;
        }

        var ids = new string[take];
        for (int i = 0; i < take; i++)
        {
            ids[i] = items[ranked[i]];
        }

        return ids;
    }

    /// <summary>|A ∩ B| / max(|A|, |B|): 1 when both lists hold the same ids (or both are empty), 0 when they share none.</summary>
    public static double Overlap(IReadOnlyCollection<string> a, IReadOnlyCollection<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int larger = Math.Max(a.Count, b.Count);
        if (larger == 0)
        {
            return 1;
        }

        var set = new HashSet<string>(a, StringComparer.Ordinal);
        int shared = 0;
        foreach (string id in b)
        {
            shared += set.Remove(id) ? 1 : 0;
        }

        return (double)shared / larger;
    }

    /// <summary>Share of items with at least one exposure.</summary>
    public static double Coverage(ReadOnlySpan<long> exposures)
    {
        if (exposures.IsEmpty)
        {
            return 0;
        }

        int covered = 0;
        foreach (long e in exposures)
        {
            covered += e > 0 ? 1 : 0;
        }

        return (double)covered / exposures.Length;
    }

    /// <summary>Interactions per item: the stored entries of each column of a users x items matrix.</summary>
    public static int[] ColumnCounts(Als.CsrMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var counts = new int[matrix.Columns];
        foreach (int column in matrix.ColumnIndices.AsSpan(0, matrix.NonZeros))
        {
            counts[column]++;
        }

        return counts;
    }

    // Count descending, then id ordinal, so the order does not depend on each version's index assignment.
    private static int[] RankByCount(ReadOnlySpan<int> counts, IdMap ids)
    {
        if (counts.Length != ids.Count)
        {
            throw new ArgumentException($"{counts.Length} counts for {ids.Count} ids.");
        }

        var order = new int[counts.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        int[] values = counts.ToArray();
        Array.Sort(order, (x, y) =>
        {
            int byCount = values[y].CompareTo(values[x]);
            return byCount != 0 ? byCount : string.CompareOrdinal(ids[x], ids[y]);
        });
        return order;
    }

    private static long Sum(ReadOnlySpan<int> counts)
    {
        long total = 0;
        foreach (int c in counts)
        {
            total += c;
        }

        return total;
    }

    private static void Normalise(double[] values, long total)
    {
        if (total == 0)
        {
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] /= total;
        }
    }
}
