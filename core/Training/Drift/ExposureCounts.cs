using System.Buffers;
using Recommender.Core.Als;
using Recommender.Core.Evaluation;
using Recommender.Core.Serving;

namespace Recommender.Core.Training.Drift;

/// <summary>
/// How often each item appears in two models' top-K lists for the same users (their seen items masked), counting
/// only users both models can score, so the two exposure distributions are comparable.
/// </summary>
public sealed record ExposureCounts(long[] Candidate, long[] Live, int Users)
{
    /// <summary>Most users ranked; larger evaluation sets are sampled evenly (every n-th user) to bound the cost.</summary>
    public const int MaxUsers = 5000;

    /// <summary>Ranks the top <paramref name="k"/> of both scorers (same item space) for <paramref name="users"/>.</summary>
    public static ExposureCounts Count(IItemScorer candidate, IItemScorer live, CsrMatrix seen, IReadOnlyList<int> users, int k)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        int items = candidate.ItemCount;
        if (live.ItemCount != items || seen.Columns != items)
        {
            throw new ArgumentException($"Item spaces differ: candidate {items}, live {live.ItemCount}, seen matrix {seen.Columns}.");
        }

        int step = Math.Max(1, (users.Count + MaxUsers - 1) / MaxUsers);
        int sampled = (users.Count + step - 1) / step;
        var candidateTotal = new long[items];
        var liveTotal = new long[items];
        int compared = 0;
        object merge = new();
        Parallel.For(
            0,
            sampled,
            () => new Worker(items, k),
            (index, _, worker) =>
            {
                worker.Rank(candidate, live, seen, users[index * step]);
                return worker;
            },
            worker =>
            {
                // Integer sums: the totals do not depend on how users were spread over threads.
                lock (merge)
                {
                    for (int i = 0; i < items; i++)
                    {
                        candidateTotal[i] += worker.Candidate[i];
                        liveTotal[i] += worker.Live[i];
                    }

                    compared += worker.Users;
                }

                worker.Return();
            });
        return new ExposureCounts(candidateTotal, liveTotal, compared);
    }

    /// <summary>One thread's score buffers, top-K buffer and exposure counts.</summary>
    private sealed class Worker(int items, int k)
    {
        private readonly float[] _candidateScores = ArrayPool<float>.Shared.Rent(items);
        private readonly float[] _liveScores = ArrayPool<float>.Shared.Rent(items);
        private readonly int[] _top = ArrayPool<int>.Shared.Rent(k);

        public long[] Candidate { get; } = new long[items];

        public long[] Live { get; } = new long[items];

        public int Users { get; private set; }

        public void Rank(IItemScorer candidate, IItemScorer live, CsrMatrix seen, int user)
        {
            Span<float> candidateScores = _candidateScores.AsSpan(0, items);
            Span<float> liveScores = _liveScores.AsSpan(0, items);
            if (!live.TryScore(user, liveScores) || !candidate.TryScore(user, candidateScores))
            {
                // A user only one model knows says nothing about how their exposures compare.
                return;
            }

            CountTop(liveScores, seen, user, Live);
            CountTop(candidateScores, seen, user, Candidate);
            Users++;
        }

        public void Return()
        {
            ArrayPool<float>.Shared.Return(_candidateScores);
            ArrayPool<float>.Shared.Return(_liveScores);
            ArrayPool<int>.Shared.Return(_top);
        }

        private void CountTop(Span<float> scores, CsrMatrix seen, int user, long[] counts)
        {
            if (user < seen.Rows)
            {
                foreach (int item in seen.RowColumns(user))
                {
                    scores[item] = float.NegativeInfinity;
                }
            }

            Span<int> top = _top.AsSpan(0, k);
            int found = TopKSelector.Select(scores, top);
            foreach (int item in top[..found])
            {
                counts[item]++;
            }
        }
    }
}
