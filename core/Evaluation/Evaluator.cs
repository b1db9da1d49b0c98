using System.Buffers;
using System.Runtime.ExceptionServices;
using Recommender.Core.Als;
using Recommender.Core.Serving;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Ranks all items for every user with held-out items, excluding the user's training items, and averages the
/// ranking metrics of <see cref="RankingMetrics"/> over those users.
/// </summary>
public static class Evaluator
{
    private const int MetricsPerK = 5;

    /// <summary>
    /// Evaluates <paramref name="scorer"/> at each K in <paramref name="ks"/>. A user the scorer cannot score counts as
    /// a miss (all zeros) and stays in the denominator. Users run in parallel (the scorer must allow concurrent
    /// <see cref="IItemScorer.TryScore"/> calls, or pass <paramref name="maxDegreeOfParallelism"/> 1); results are
    /// summed in user order, so they do not depend on the thread count.
    /// </summary>
    /// <remarks>
    /// <paramref name="trainSeen"/> is users x items: the stored columns of a user's row are masked out of that
    /// user's ranking. <paramref name="maxDegreeOfParallelism"/> 0 means all cores.
    /// </remarks>
    public static EvaluationReport Evaluate(IItemScorer scorer, CsrMatrix trainSeen, HeldOutSet heldOut, IReadOnlyList<int> ks, int maxDegreeOfParallelism = 0) =>
        Evaluate(scorer, trainSeen, heldOut, ks, maxDegreeOfParallelism, UsersPerPass(heldOut?.ItemCount ?? 0));

    /// <summary>
    /// Users scored together (<see cref="IItemScorer.TryScoreMany"/>): up to <see cref="MaxUsersPerPass"/>, fewer when
    /// their scores would pass <see cref="PassScoreBudget"/> floats, so a worker's buffer stays a few megabytes.
    /// </summary>
    internal static int UsersPerPass(int itemCount) => Math.Clamp(PassScoreBudget / Math.Max(1, itemCount), 1, MaxUsersPerPass);

    /// <summary>The most users one pass over the item matrix scores: measured with <c>bench-evaluate</c>.</summary>
    internal const int MaxUsersPerPass = 16;

    private const int PassScoreBudget = 1 << 20;

    /// <summary>As <see cref="Evaluate(IItemScorer, CsrMatrix, HeldOutSet, IReadOnlyList{int}, int)"/>, scoring <paramref name="usersPerPass"/> users at a time.</summary>
    internal static EvaluationReport Evaluate(IItemScorer scorer, CsrMatrix trainSeen, HeldOutSet heldOut, IReadOnlyList<int> ks, int maxDegreeOfParallelism, int usersPerPass)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(trainSeen);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(ks);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDegreeOfParallelism);
        ArgumentOutOfRangeException.ThrowIfLessThan(usersPerPass, 1);
        int itemCount = heldOut.ItemCount;
        if (scorer.ItemCount != itemCount || trainSeen.Columns != itemCount)
        {
            throw new ArgumentException(
                $"Item spaces differ: scorer {scorer.ItemCount}, seen matrix {trainSeen.Columns}, held-out set {itemCount} items.");
        }

        int[] cutoffs = ValidateKs(ks);
        int maxK = 0;
        foreach (int k in cutoffs)
        {
            maxK = Math.Max(maxK, k);
        }

        IReadOnlyList<int> users = heldOut.Users;
        var perUser = new double[users.Count * cutoffs.Length * MetricsPerK];
        var unscored = new bool[users.Count];

        // Best (smallest) rank at which each item was recommended to anyone; coverage@K counts ranks below K.
        var bestRank = new int[itemCount];
        Array.Fill(bestRank, int.MaxValue);

        // Users go in passes of consecutive indices: one read of the item matrix scores the whole pass, which on a
        // catalogue larger than the caches is what a user's evaluation costs.
        int passes = (users.Count + usersPerPass - 1) / usersPerPass;
        int metricsPerUser = cutoffs.Length * MetricsPerK;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism == 0 ? -1 : maxDegreeOfParallelism };
        try
        {
            Parallel.For(
                0,
                passes,
                options,
                () => new Buffers(itemCount, maxK, usersPerPass),
                (pass, _, buffers) =>
                {
                    int first = pass * usersPerPass;
                    int count = Math.Min(usersPerPass, users.Count - first);
                    Span<int> ids = buffers.Users.AsSpan(0, count);
                    for (int q = 0; q < count; q++)
                    {
                        ids[q] = users[first + q];
                    }

                    Span<bool> scored = buffers.Scored.AsSpan(0, count);
                    scorer.TryScoreMany(ids, buffers.Scores[..(count * itemCount)], scored);
                    for (int q = 0; q < count; q++)
                    {
                        int index = first + q;
                        unscored[index] = !scored[q];
                        if (scored[q])
                        {
                            EvaluateUser(trainSeen, heldOut, ids[q], cutoffs, buffers.Scores.Slice(q * itemCount, itemCount), buffers.Top, perUser.AsSpan(index * metricsPerUser, metricsPerUser), bestRank);
                        }
                    }

                    return buffers;
                },
                buffers => buffers.Return());
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        return BuildReport(cutoffs, perUser, unscored, bestRank, itemCount);
    }

    private static int[] ValidateKs(IReadOnlyList<int> ks)
    {
        if (ks.Count == 0)
        {
            throw new ArgumentException("At least one K is needed.", nameof(ks));
        }

        var cutoffs = new int[ks.Count];
        for (int i = 0; i < ks.Count; i++)
        {
            if (ks[i] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(ks), $"K must be at least 1, got {ks[i]}.");
            }

            for (int j = 0; j < i; j++)
            {
                if (cutoffs[j] == ks[i])
                {
                    throw new ArgumentException($"K {ks[i]} is listed twice.", nameof(ks));
                }
            }

            cutoffs[i] = ks[i];
        }

        return cutoffs;
    }

    // A user the scorer could not score never comes here: a miss, whose metrics stay zero and who is recommended nothing.
    private static void EvaluateUser(
        CsrMatrix trainSeen, HeldOutSet heldOut, int user, int[] cutoffs, Span<float> scores, Span<int> top, Span<double> metrics, int[] bestRank)
    {
        if (user < trainSeen.Rows)
        {
            foreach (int item in trainSeen.RowColumns(user))
            {
                scores[item] = float.NegativeInfinity;
            }
        }

        int count = TopKSelector.Select(scores, top);
        ReadOnlySpan<int> ranked = top[..count];
        for (int rank = 0; rank < ranked.Length; rank++)
        {
            LowerTo(ref bestRank[ranked[rank]], rank);
        }

        ReadOnlySpan<int> relevant = heldOut.ItemsOf(user);
        for (int c = 0; c < cutoffs.Length; c++)
        {
            int k = cutoffs[c];
            Span<double> slot = metrics.Slice(c * MetricsPerK, MetricsPerK);
            slot[0] = RankingMetrics.Precision(ranked, relevant, k);
            slot[1] = RankingMetrics.Recall(ranked, relevant, k);
            slot[2] = RankingMetrics.Ndcg(ranked, relevant, k);
            slot[3] = RankingMetrics.AveragePrecision(ranked, relevant, k);
            slot[4] = RankingMetrics.HitRate(ranked, relevant, k);
        }
    }

    /// <summary>Atomic minimum: the final value does not depend on which thread came first.</summary>
    private static void LowerTo(ref int target, int value)
    {
        int current = Volatile.Read(ref target);
        while (value < current)
        {
            int seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static EvaluationReport BuildReport(int[] cutoffs, double[] perUser, bool[] unscored, int[] bestRank, int itemCount)
    {
        int users = unscored.Length;
        int unscoredCount = 0;
        foreach (bool flag in unscored)
        {
            unscoredCount += flag ? 1 : 0;
        }

        var metrics = new Dictionary<string, double>(cutoffs.Length * (MetricsPerK + 1), StringComparer.Ordinal);
        for (int c = 0; c < cutoffs.Length; c++)
        {
            int k = cutoffs[c];
            for (int m = 0; m < MetricsPerK; m++)
            {
                // Summing in user order keeps the result independent of scheduling.
                double sum = 0;
                for (int u = 0; u < users; u++)
                {
                    sum += perUser[(((u * cutoffs.Length) + c) * MetricsPerK) + m];
                }

                metrics[EvaluationReport.Key(EvaluationReport.MetricNames[m], k)] = users == 0 ? 0 : sum / users;
            }

            int covered = 0;
            foreach (int rank in bestRank)
            {
                covered += rank < k ? 1 : 0;
            }

            metrics[EvaluationReport.Key("coverage", k)] = itemCount == 0 ? 0 : RankingMetrics.Coverage(covered, itemCount);
        }

        return new EvaluationReport(metrics, cutoffs, users, unscoredCount);
    }

    /// <summary>One worker's pooled buffers: a pass's user ids, scores and flags, and the top-K of one user.</summary>
    private sealed class Buffers(int itemCount, int maxK, int usersPerPass)
    {
        private readonly float[] _scores = ArrayPool<float>.Shared.Rent(itemCount * usersPerPass);
        private readonly int[] _top = ArrayPool<int>.Shared.Rent(maxK);

        public Span<float> Scores => _scores.AsSpan(0, itemCount * usersPerPass);

        public Span<int> Top => _top.AsSpan(0, maxK);

        public int[] Users { get; } = new int[usersPerPass];

        public bool[] Scored { get; } = new bool[usersPerPass];

        public void Return()
        {
            ArrayPool<float>.Shared.Return(_scores);
            ArrayPool<int>.Shared.Return(_top);
        }
    }
}
