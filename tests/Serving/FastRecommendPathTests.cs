using System.Runtime.Intrinsics.X86;
using Recommender.Core.Serving;

namespace Recommender.Tests.Serving;

/// <summary>
/// The quantised shortlist path must give exactly the exact path's top-K (same items, scores and order): its pruning
/// uses a proven error bound, so the asserted bound is "identical for every user", not a percentage.
/// </summary>
public class FastRecommendPathTests
{
    private const int Users = 2000;

    /// <summary>Every quantised path; a path this CPU cannot run is checked to refuse rather than compared.</summary>
    public static TheoryData<string> Paths() =>
        new(nameof(ScoringPath.QuantizedPortable), nameof(ScoringPath.QuantizedVnni), nameof(ScoringPath.QuantizedAvx512BW), nameof(ScoringPath.QuantizedAvx2));

    /// <summary>Every quantised path on shapes with odd item counts and factor counts that are not multiples of eight.</summary>
    public static TheoryData<int, int, string> Shapes()
    {
        var data = new TheoryData<int, int, string>();
        (int Items, int Factors)[] shapes = [(2_003, 64), (1_001, 37), (517, 10), (64, 16), (9, 3)];
        foreach ((int items, int factors) in shapes)
        {
            foreach (string path in Paths())
            {
                data.Add(items, factors, path);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void FastPath_ReturnsTheExactTopK_ForEveryRandomUser(int items, int factors, string path)
    {
        ServingModel model = ServingBenchmark.RandomModel(Users, items, factors, seed: items + factors);
        ScoringPath scoring = Enum.Parse<ScoringPath>(path);
        if (RefusesWhereUnsupported(model, scoring))
        {
            return;
        }

        int mismatched = CountMismatches(model, scoring, k: 10, excludedPerUser: 0);

        Assert.Equal(0, mismatched);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void FastPath_MatchesExact_OnSkewedNormsAndExactTies(string path)
    {
        ScoringPath scoring = Enum.Parse<ScoringPath>(path);
        ServingModel random = ServingBenchmark.RandomModel(Users, 3_001, 64, seed: 5);
        if (RefusesWhereUnsupported(random, scoring))
        {
            return;
        }

        float[] y = random.Package.Factors.ItemFactors;
        var rng = new Random(11);

        // Popularity-like norms spanning three orders of magnitude, and items that are exact copies (exact score ties,
        // where only the index decides the order).
        for (int i = 0; i < 3_001; i++)
        {
            float scale = MathF.Exp((float)(rng.NextDouble() * 7) - 3.5f);
            for (int j = 0; j < 64; j++)
            {
                y[(i * 64) + j] *= scale;
            }
        }

        for (int copy = 1; copy <= 40; copy++)
        {
            Array.Copy(y, 0, y, copy * 71 * 64, 64);
        }

        var model = new ServingModel(random.Package, DateTimeOffset.UnixEpoch);

        Assert.Equal(0, CountMismatches(model, scoring, k: 20, excludedPerUser: 5));
    }

    [Fact]
    public void DefaultPath_IsAVectorisedScanTheCpuSupports()
    {
        ScoringPath preferred = ScoringPaths.Preferred;

        Assert.NotEqual(ScoringPath.QuantizedPortable, preferred);
        Assert.True(ScoringPaths.IsSupported(preferred));
        Assert.Equal(preferred == ScoringPath.Exact, !Avx2.IsSupported);
    }

    [Fact]
    public void FastPath_NeverReturnsSeenOrExcludedItems()
    {
        ServingModel model = ServingBenchmark.RandomModel(50, 800, 24, seed: 3);
        var exact = new ScoredItem[30];
        var fast = new ScoredItem[30];
        for (int u = 0; u < 50; u++)
        {
            ReadOnlySpan<float> user = model.Package.Factors.User(u);

            // Exclude the exact top 15 (unmasked) plus the seen items: the fast path must skip all of them.
            RecommendationEngine.Recommend(model, user, [], [], null, exact, ScoringPath.Exact);
            int[] excluded = exact.Take(15).Select(r => r.Item).ToArray();
            int[] seen = model.Package.SeenItems.RowColumns(u).ToArray();

            int count = RecommendationEngine.Recommend(model, user, seen, excluded, null, fast, ScoringPath.QuantizedPortable);

            Assert.Equal(30, count);
            Assert.DoesNotContain(fast, r => excluded.Contains(r.Item) || seen.Contains(r.Item));
            RecommendationEngine.Recommend(model, user, seen, excluded, null, exact, ScoringPath.Exact);
            Assert.Equal(exact, fast);
        }
    }

    [Fact]
    public void FastPath_ReturnsEveryUnmaskedItem_WhenKExceedsThem()
    {
        ServingModel model = ServingBenchmark.RandomModel(4, 13, 5, seed: 9);
        int[] masked = [0, 3, 4, 12];
        var exact = new ScoredItem[20];
        var fast = new ScoredItem[20];

        int exactCount = RecommendationEngine.Recommend(model, model.Package.Factors.User(1), masked, [], null, exact, ScoringPath.Exact);
        int fastCount = RecommendationEngine.Recommend(model, model.Package.Factors.User(1), masked, [], null, fast, ScoringPath.QuantizedPortable);

        Assert.Equal(9, fastCount);
        Assert.Equal(exactCount, fastCount);
        Assert.Equal(exact.AsSpan(0, exactCount).ToArray(), fast.AsSpan(0, fastCount).ToArray());
    }

    [Fact]
    public void FastPath_FallsBackToExact_ForAZeroQuery()
    {
        ServingModel model = ServingBenchmark.RandomModel(4, 50, 8, seed: 2);
        var exact = new ScoredItem[5];
        var fast = new ScoredItem[5];

        RecommendationEngine.Recommend(model, new float[8], [], [], null, exact, ScoringPath.Exact);
        int count = RecommendationEngine.Recommend(model, new float[8], [], [], null, fast, ScoringPath.QuantizedPortable);

        Assert.Equal(5, count);
        Assert.Equal(exact, fast);
        Assert.Equal([0, 1, 2, 3, 4], fast.Select(r => r.Item));
    }

    [Fact]
    public void Recommend_AllocatesNothingPerCall_AfterWarmUp()
    {
        // Budget: nothing per call on the default path, the exact path and mixed mode; the pooled buffers are reused.
        // The bound is under one byte per call: any per-call allocation (24 bytes at least) fails it; one-off runtime
        // allocations on this thread are left out by taking the fewest bytes of three rounds.
        ServingModel model = ServingBenchmark.RandomModel(200, 5_000, 64, seed: 4);
        var results = new ScoredItem[10];
        int[] excluded = [1, 2, 3];
        foreach (ScoringPath path in new[] { ScoringPath.Auto, ScoringPath.Exact })
        {
            foreach (float? share in new float?[] { null, 0.8f })
            {
                for (int u = 0; u < 50; u++)
                {
                    Call(model, u, excluded, share, results, path);
                }

                int user = 0;
                long allocated = SteadyAllocation.FewestBytes(3, 1000, () => Call(model, user++ % 200, excluded, share, results, path));
                Assert.True(allocated < 1000, $"{path} (alsShare {share}) allocated {allocated} bytes over 1000 calls in each of 3 rounds.");
            }
        }
    }

    /// <summary>
    /// True (after checking the refusal) when this CPU lacks the path's instructions: the scan must then throw, not
    /// read garbage. CI machines without AVX-512 or AVX-VNNI cover those paths this way; run the suite with
    /// DOTNET_EnableAVXVNNI=0 / DOTNET_EnableAVX512F=0 to see the switch-off side on a CPU that has them.
    /// </summary>
    private static bool RefusesWhereUnsupported(ServingModel model, ScoringPath path)
    {
        if (ScoringPaths.IsSupported(path))
        {
            return false;
        }

        var results = new ScoredItem[5];
        Assert.Throws<PlatformNotSupportedException>(() => RecommendationEngine.Recommend(model, model.Package.Factors.User(0), [], [], null, results, path));
        return true;
    }

    private static void Call(ServingModel model, int user, int[] excluded, float? share, ScoredItem[] results, ScoringPath path) =>
        RecommendationEngine.Recommend(model, model.Package.Factors.User(user), model.Package.SeenItems.RowColumns(user), excluded, share, results, path);

    private static int CountMismatches(ServingModel model, ScoringPath path, int k, int excludedPerUser)
    {
        var exact = new ScoredItem[k];
        var fast = new ScoredItem[k];
        var random = new Random(17);
        var excluded = new int[excludedPerUser];
        int mismatched = 0;
        for (int u = 0; u < model.Package.Users.Count; u++)
        {
            for (int e = 0; e < excluded.Length; e++)
            {
                excluded[e] = random.Next(model.ItemCount);
            }

            ReadOnlySpan<float> user = model.Package.Factors.User(u);
            ReadOnlySpan<int> seen = model.Package.SeenItems.RowColumns(u);
            int exactCount = RecommendationEngine.Recommend(model, user, seen, excluded, null, exact, ScoringPath.Exact);
            int fastCount = RecommendationEngine.Recommend(model, user, seen, excluded, null, fast, path);
            if (exactCount != fastCount || !exact.AsSpan(0, exactCount).SequenceEqual(fast.AsSpan(0, fastCount)))
            {
                mismatched++;
            }
        }

        return mismatched;
    }
}
