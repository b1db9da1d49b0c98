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
        int perPass = Evaluator.UsersPerPass(items);
        int passes = (sampled + perPass - 1) / perPass;
        var candidateTotal = new long[items];
        var liveTotal = new long[items];
        int compared = 0;
        object merge = new();
        Parallel.For(
            0,
            passes,
            () => new Worker(items, k, perPass),
            (pass, _, worker) =>
            {
                // Sampled users in passes, each model scoring the pass in one read of its item matrix.
                int first = pass * perPass;
                int count = Math.Min(perPass, sampled - first);
                for (int q = 0; q < count; q++)
                {
                    worker.Users[q] = users[(first + q) * step];
                }

                worker.Rank(candidate, live, seen, count);
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

                    compared += worker.Compared;
                }

                worker.Return();
            });
        return new ExposureCounts(candidateTotal, liveTotal, compared);
    }

    /// <summary>One thread's pass of users, score buffers, top-K buffer and exposure counts.</summary>
    private sealed class Worker(int items, int k, int perPass)
    {
        private readonly float[] _candidateScores = ArrayPool<float>.Shared.Rent(items * perPass);
        private readonly float[] _liveScores = ArrayPool<float>.Shared.Rent(items * perPass);
        private readonly int[] _top = ArrayPool<int>.Shared.Rent(k);
        private readonly bool[] _candidateScored = new bool[perPass];
        private readonly bool[] _liveScored = new bool[perPass];

        public int[] Users { get; } = new int[perPass];

        public long[] Candidate { get; } = new long[items];

        public long[] Live { get; } = new long[items];

        public int Compared { get; private set; }

        /// <summary>Ranks the first <paramref name="count"/> of <see cref="Users"/> by both models.</summary>
        public void Rank(IItemScorer candidate, IItemScorer live, CsrMatrix seen, int count)
        {
            ReadOnlySpan<int> users = Users.AsSpan(0, count);
            Span<float> candidateScores = _candidateScores.AsSpan(0, items * count);
            Span<float> liveScores = _liveScores.AsSpan(0, items * count);
            live.TryScoreMany(users, liveScores, _liveScored.AsSpan(0, count));
            candidate.TryScoreMany(users, candidateScores, _candidateScored.AsSpan(0, count));
            for (int q = 0; q < count; q++)
            {
                // A user only one model knows says nothing about how their exposures compare.
                if (_liveScored[q] && _candidateScored[q])
                {
                    CountTop(liveScores.Slice(q * items, items), seen, users[q], Live);
                    CountTop(candidateScores.Slice(q * items, items), seen, users[q], Candidate);
                    Compared++;
                }
            }
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
