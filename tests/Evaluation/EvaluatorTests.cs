using Recommender.Core.Als;
using Recommender.Core.Evaluation;

namespace Recommender.Tests.Evaluation;

public class EvaluatorTests
{
    private const double Tolerance = 1e-9;
    private const double InverseLog2Of3 = 0.6309297535714575;

    /// <summary>Fixed per-user scores; users without a row cannot be scored.</summary>
    private sealed class FixedScorer(int itemCount, Dictionary<int, float[]> scores) : IItemScorer
    {
        public int ItemCount => itemCount;

        public bool TryScore(int user, Span<float> destination)
        {
            if (!scores.TryGetValue(user, out float[]? row))
            {
                return false;
            }

            row.CopyTo(destination);
            return true;
        }
    }

    private static (FixedScorer Scorer, CsrMatrix Seen, HeldOutSet HeldOut) SmallCase()
    {
        // 4 users x 6 items. User 0 has seen item 0, user 1 item 5; user 2 cannot be scored; user 3 has nothing held out.
        var scorer = new FixedScorer(6, new Dictionary<int, float[]>
        {
            [0] = [0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f],
            [1] = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f],
            [3] = [1f, 1f, 1f, 1f, 1f, 1f],
        });
        var seen = CsrMatrix.FromCoordinates(4, 6, [0, 1], [0, 5], [1f, 1f]);
        var heldOut = HeldOutSet.FromPairs(4, 6, [0, 1, 1, 2], [2, 3, 0, 1]);
        return (scorer, seen, heldOut);
    }

    [Fact]
    public void Evaluate_MatchesHandComputedMeans_WithSeenItemsMaskedAndUnscoredUsersAsMisses()
    {
        var (scorer, seen, heldOut) = SmallCase();

        var report = Evaluator.Evaluate(scorer, seen, heldOut, [2, 1]);

        // Rankings after masking: user 0 -> [1, 2, 3, 4, 5] (relevant {2}); user 1 -> [4, 3, 2, 1, 0] (relevant {0, 3});
        // user 2 unscored (relevant {1}).
        Assert.Equal(3, report.UsersEvaluated);
        Assert.Equal(1, report.UsersUnscored);

        // K = 2: user 0 top [1, 2] hits at rank 2; user 1 top [4, 3] hits at rank 2; user 2 zeros.
        Assert.Equal((0.5 + 0.5 + 0) / 3, report.Metrics["precision@2"], Tolerance);
        Assert.Equal((1 + 0.5 + 0) / 3, report.Metrics["recall@2"], Tolerance);
        double ndccUser1 = InverseLog2Of3 / (1 + InverseLog2Of3);
        Assert.Equal((InverseLog2Of3 + ndccUser1 + 0) / 3, report.Metrics["ndcg@2"], Tolerance);

        // AP: user 0 = (1/2) / min(1, 2); user 1 = (1/2) / min(2, 2).
        Assert.Equal((0.5 + 0.25 + 0) / 3, report.Metrics["map@2"], Tolerance);
        Assert.Equal(2.0 / 3, report.Metrics["hit@2"], Tolerance);

        // Distinct items in the top 2 lists: {1, 2, 4, 3} of 6.
        Assert.Equal(4.0 / 6, report.Metrics["coverage@2"], Tolerance);

        // K = 1: tops [1] and [4] miss; coverage {1, 4}.
        Assert.Equal(0.0, report.Metrics["precision@1"]);
        Assert.Equal(0.0, report.Metrics["ndcg@1"]);
        Assert.Equal(0.0, report.Metrics["hit@1"]);
        Assert.Equal(2.0 / 6, report.Metrics["coverage@1"], Tolerance);
        Assert.Equal(report.Metrics["ndcg@2"], report.Get("ndcg", 2));
    }

    [Fact]
    public void Evaluate_ReportsExactlyTheDocumentedKeys()
    {
        var (scorer, seen, heldOut) = SmallCase();

        var report = Evaluator.Evaluate(scorer, seen, heldOut, [10]);

        Assert.Equal(["precision@10", "recall@10", "ndcg@10", "map@10", "hit@10", "coverage@10"], report.Metrics.Keys);
    }

    [Fact]
    public void Evaluate_GivesTheSameResult_WhateverTheThreadCount()
    {
        var random = new Random(3);
        const int Users = 300;
        const int Items = 120;
        var scores = new Dictionary<int, float[]>();
        var seenUsers = new List<int>();
        var seenItems = new List<int>();
        var heldUsers = new List<int>();
        var heldItems = new List<int>();
        for (int u = 0; u < Users; u++)
        {
            if (u % 17 != 0)
            {
                scores[u] = [.. Enumerable.Range(0, Items).Select(_ => (float)random.Next(50))];
            }

            for (int j = 0; j < 10; j++)
            {
                seenUsers.Add(u);
                seenItems.Add(random.Next(Items));
            }

            heldUsers.Add(u);
            heldItems.Add(random.Next(Items));
        }

        var scorer = new FixedScorer(Items, scores);
        var seen = CsrMatrix.FromCoordinates(Users, Items, [.. seenUsers], [.. seenItems], [.. seenUsers.Select(_ => 1f)]);
        var heldOut = HeldOutSet.FromPairs(Users, Items, [.. heldUsers], [.. heldItems]);

        var sequential = Evaluator.Evaluate(scorer, seen, heldOut, [5, 20], maxDegreeOfParallelism: 1);
        var parallel = Evaluator.Evaluate(scorer, seen, heldOut, [5, 20], maxDegreeOfParallelism: 4);

        Assert.Equal(sequential.Metrics, parallel.Metrics);
        Assert.True(sequential.Metrics["hit@20"] > 0);
    }

    [Fact]
    public void Evaluate_RejectsMismatchedItemSpacesAndBadKs()
    {
        var (scorer, seen, heldOut) = SmallCase();
        var wider = CsrMatrix.FromCoordinates(4, 7, [0], [0], [1f]);

        Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(scorer, wider, heldOut, [10]));
        Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(scorer, seen, heldOut, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => Evaluator.Evaluate(scorer, seen, heldOut, [0]));
        Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(scorer, seen, heldOut, [5, 5]));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(16)]
    public void Evaluate_InPassesOfSeveralUsers_GivesTheMetricsOfOneUserAtATime_ToTheBit(int usersPerPass)
    {
        // 50 users of whom the scorer knows 45 (the rest are misses), 300 items, a seen row and two held-out items each.
        var random = new Random(9);
        int users = 50;
        int items = 300;
        var scorer = new FactorScorer(AlsFactors.Uniform(45, items, 16, random));
        var seenUsers = new List<int>();
        var seenItems = new List<int>();
        var heldUsers = new List<int>();
        var heldItems = new List<int>();
        for (int u = 0; u < users; u++)
        {
            for (int n = 0; n < 5; n++)
            {
                seenUsers.Add(u);
                seenItems.Add(((u * 7) + n) % items);
            }

            heldUsers.AddRange([u, u]);
            heldItems.AddRange([random.Next(items), random.Next(items)]);
        }

        var seen = CsrMatrix.FromCoordinates(users, items, seenUsers.ToArray(), seenItems.ToArray(), Enumerable.Repeat(1f, seenUsers.Count).ToArray());
        var heldOut = HeldOutSet.FromPairs(users, items, heldUsers.ToArray(), heldItems.ToArray());

        EvaluationReport one = Evaluator.Evaluate(scorer, seen, heldOut, [5, 10], maxDegreeOfParallelism: 2, usersPerPass: 1);
        EvaluationReport passes = Evaluator.Evaluate(scorer, seen, heldOut, [5, 10], maxDegreeOfParallelism: 2, usersPerPass);

        Assert.Equal(5, passes.UsersUnscored);
        Assert.Equal(one.UsersUnscored, passes.UsersUnscored);
        Assert.True(one.Metrics["ndcg@10"] > 0);
        foreach (var (key, value) in one.Metrics)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(passes.Metrics[key]));
        }
    }

    [Theory]
    [InlineData(100, 16)]
    [InlineData(100_000, 10)]
    [InlineData(5_000_000, 1)]
    public void UsersPerPass_KeepsAPassWithinItsScoreBudget(int items, int expected)
    {
        Assert.Equal(expected, Evaluator.UsersPerPass(items));
    }
}
