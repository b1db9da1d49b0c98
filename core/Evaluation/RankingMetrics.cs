namespace Recommender.Core.Evaluation;

/// <summary>
/// Top-K ranking metrics for one user with binary relevance. <c>ranked</c> is the recommendation list, best
/// first (only its first K entries count; it may be shorter); <c>relevant</c> is the held-out items, sorted
/// ascending without duplicates and non-empty. Hits are recommended items that are relevant.
/// </summary>
public static class RankingMetrics
{
    /// <summary>Relevant items among the first K recommended.</summary>
    public static int Hits(ReadOnlySpan<int> ranked, ReadOnlySpan<int> relevant, int k)
    {
        int hits = 0;
        ReadOnlySpan<int> top = TopK(ranked, k);
        foreach (int item in top)
        {
            hits += relevant.BinarySearch(item) >= 0 ? 1 : 0;
        }

        return hits;
    }

    /// <summary>precision@K = hits / K (K, not the list length, so short lists are not rewarded).</summary>
    public static double Precision(ReadOnlySpan<int> ranked, ReadOnlySpan<int> relevant, int k) =>
        (double)Hits(ranked, relevant, k) / CheckK(k);

    /// <summary>recall@K = hits / |relevant|.</summary>
    public static double Recall(ReadOnlySpan<int> ranked, ReadOnlySpan<int> relevant, int k) =>
        (double)Hits(ranked, relevant, CheckK(k)) / CheckRelevant(relevant);

    /// <summary>hit@K = 1 when at least one relevant item is in the first K, else 0.</summary>
    public static double HitRate(ReadOnlySpan<int> ranked, ReadOnlySpan<int> relevant, int k) =>
        Hits(ranked, relevant, CheckK(k)) > 0 ? 1 : 0;

    /// <summary>
    /// NDCG@K with binary gains: DCG = sum over hit positions i (1-based) of 1 / log2(i + 1), divided by the
    /// ideal DCG of min(|relevant|, K) hits at the top.
    /// </summary>
    public static double Ndcg(ReadOnlySpan<int> ranked, ReadOnlySpan<int> relevant, int k)
    {
        int ideal = Math.Min(CheckRelevant(relevant), CheckK(k));
        ReadOnlySpan<int> top = TopK(ranked, k);
        double dcg = 0;
        for (int i = 0; i < top.Length; i++)
        {
            if (relevant.BinarySearch(top[i]) >= 0)
            {
                dcg += 1 / Math.Log2(i + 2);
            }
        }

        double idcg = 0;
        for (int i = 0; i < ideal; i++)
        {
            idcg += 1 / Math.Log2(i + 2);
        }

        return dcg / idcg;
    }

    /// <summary>
    /// AP@K (averaged over users it is MAP@K): the sum of precision@i over the hit positions i within the first K,
    /// divided by min(|relevant|, K).
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<int> ranked, ReadOnlySpan<int> relevant, int k)
    {
        int denominator = Math.Min(CheckRelevant(relevant), CheckK(k));
        ReadOnlySpan<int> top = TopK(ranked, k);
        int hits = 0;
        double sum = 0;
        for (int i = 0; i < top.Length; i++)
        {
            if (relevant.BinarySearch(top[i]) >= 0)
            {
                hits++;
                sum += (double)hits / (i + 1);
            }
        }

        return sum / denominator;
    }

    /// <summary>coverage@K = distinct items appearing in any user's top K / number of items in the catalogue.</summary>
    public static double Coverage(int distinctRecommended, int itemCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(distinctRecommended);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(itemCount);
        return (double)distinctRecommended / itemCount;
    }

    private static ReadOnlySpan<int> TopK(ReadOnlySpan<int> ranked, int k) => ranked[..Math.Min(ranked.Length, CheckK(k))];

    private static int CheckK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return k;
    }

    private static int CheckRelevant(ReadOnlySpan<int> relevant)
    {
        if (relevant.IsEmpty)
        {
            throw new ArgumentException("A user without relevant items cannot be evaluated.", nameof(relevant));
        }

        return relevant.Length;
    }
}
