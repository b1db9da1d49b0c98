using Recommender.Core.Serving;

namespace Recommender.Tests.Serving;

/// <summary>
/// Several users scored in one pass must get exactly what each would get alone (same items, scores and order), on every
/// path, for every batch size (including sizes that leave a remainder after the four-at-a-time steps).
/// </summary>
public class BatchRecommendTests
{
    public static TheoryData<string, int> PathsAndSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (string path in new[] { nameof(ScoringPath.Exact), nameof(ScoringPath.QuantizedPortable), nameof(ScoringPath.QuantizedVnni), nameof(ScoringPath.QuantizedAvx512BW), nameof(ScoringPath.QuantizedAvx2) })
        {
            foreach (int size in new[] { 1, 2, 3, 4, 5, 8, 16, 17 })
            {
                data.Add(path, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndSizes))]
    public void RecommendBatch_GivesEveryUserTheirSingleCallResult(string path, int size)
    {
        ScoringPath scoring = Enum.Parse<ScoringPath>(path);
        ServingModel model = ServingBenchmark.RandomModel(300, 1_003, 64, seed: size);
        if (!ScoringPaths.IsSupported(scoring))
        {
            Assert.Throws<PlatformNotSupportedException>(() => RecommendationEngine.RecommendBatch(model, Requests(model, 0, size, k: 10, excludedEvery: 0), new int[size], scoring));
            return;
        }

        for (int first = 0; first < 120; first += size)
        {
            RecommendRequest[] requests = Requests(model, first, size, k: 10, excludedEvery: 3);
            int[] written = new int[size];

            RecommendationEngine.RecommendBatch(model, requests, written, scoring);

            for (int q = 0; q < size; q++)
            {
                Assert.Equal(Alone(model, requests[q], scoring), requests[q].Results[..written[q]].ToArray());
            }
        }
    }

    [Theory]
    [InlineData(37)]
    [InlineData(10)]
    [InlineData(3)]
    public void RecommendBatch_MatchesSingleCalls_ForFactorCountsThatFitNoVector(int factors)
    {
        ServingModel model = ServingBenchmark.RandomModel(40, 517, factors, seed: factors);
        foreach (ScoringPath path in new[] { ScoringPath.Exact, ScoringPath.Auto })
        {
            RecommendRequest[] requests = Requests(model, 0, 7, k: 12, excludedEvery: 2);
            int[] written = new int[7];

            RecommendationEngine.RecommendBatch(model, requests, written, path);

            for (int q = 0; q < requests.Length; q++)
            {
                Assert.Equal(Alone(model, requests[q], path), requests[q].Results[..written[q]].ToArray());
            }
        }
    }

    [Fact]
    public void RecommendBatch_MixesModesAndZeroVectors_EachAsItsOwnCall()
    {
        // Mixed mode and a zero vector take the exact scan; the others the default int8 scan: one batch holds all three.
        ServingModel model = ServingBenchmark.RandomModel(50, 800, 32, seed: 6);
        RecommendRequest[] requests = Requests(model, 0, 6, k: 15, excludedEvery: 0);
        requests[1] = requests[1] with { AlsShare = 0.7f };
        requests[4] = requests[4] with { UserVector = new float[32] };
        requests[5] = requests[5] with { Results = new ScoredItem[2_000] };
        int[] written = new int[6];

        RecommendationEngine.RecommendBatch(model, requests, written);

        for (int q = 0; q < requests.Length; q++)
        {
            Assert.Equal(Alone(model, requests[q], ScoringPath.Auto), requests[q].Results[..written[q]].ToArray());
        }

        Assert.Equal(800 - model.Package.SeenItems.RowColumns(5).ToArray().Distinct().Count(), written[5]);
    }

    [Fact]
    public void ScoreAllBatch_EqualsScoreAll_BitForBit()
    {
        var random = new Random(4);
        foreach (int factors in new[] { 64, 24, 16, 8, 5 })
        {
            float[] items = RandomFloats(random, 301 * factors);
            float[] queries = RandomFloats(random, 7 * factors);
            float[] batched = new float[7 * 301];

            ItemScoring.ScoreAllBatch(queries, factors, items, batched);

            float[] alone = new float[301];
            for (int q = 0; q < 7; q++)
            {
                ItemScoring.ScoreAll(queries.AsSpan(q * factors, factors), items, alone);
                Assert.Equal(alone, batched.AsSpan(q * 301, 301).ToArray());
            }
        }
    }

    [Fact]
    public void ScoreAllBatch_RejectsMismatchedShapes()
    {
        Assert.Throws<ArgumentException>(() => ItemScoring.ScoreAllBatch(new float[10], 4, new float[8], new float[4]));
        Assert.Throws<ArgumentException>(() => ItemScoring.ScoreAllBatch(new float[8], 4, new float[8], new float[3]));
    }

    [Fact]
    public void RecommendBatch_RejectsAVectorOfTheWrongLength()
    {
        ServingModel model = ServingBenchmark.RandomModel(5, 50, 8, seed: 1);
        RecommendRequest[] requests = [new RecommendRequest(new float[7], ReadOnlyMemory<int>.Empty, ReadOnlyMemory<int>.Empty, new ScoredItem[3])];

        var error = Assert.Throws<ArgumentException>(() => RecommendationEngine.RecommendBatch(model, requests, new int[1]));

        Assert.Contains("7 factors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecommendBatch_AllocatesNothingPerCall_AfterWarmUp()
    {
        ServingModel model = ServingBenchmark.RandomModel(200, 5_000, 64, seed: 4);
        RecommendRequest[] requests = Requests(model, 0, 8, k: 10, excludedEvery: 2);
        int[] written = new int[8];
        foreach (ScoringPath path in new[] { ScoringPath.Auto, ScoringPath.Exact })
        {
            for (int n = 0; n < 20; n++)
            {
                RecommendationEngine.RecommendBatch(model, requests, written, path);
            }

            long allocated = SteadyAllocation.FewestBytes(3, 200, () => RecommendationEngine.RecommendBatch(model, requests, written, path));
            Assert.True(allocated < 200, $"{path} allocated {allocated} bytes over 200 batches in each of 3 rounds.");
        }
    }

    internal static RecommendRequest[] Requests(ServingModel model, int first, int size, int k, int excludedEvery)
    {
        var requests = new RecommendRequest[size];
        int f = model.Factors;
        for (int q = 0; q < size; q++)
        {
            int user = (first + q) % model.Package.Users.Count;
            int from = model.Package.SeenItems.RowPointers[user];
            int[] excluded = excludedEvery > 0 && q % excludedEvery == 0 ? [user % model.ItemCount, (user * 7) % model.ItemCount] : [];
            requests[q] = new RecommendRequest(
                model.Package.Factors.UserFactors.AsMemory(user * f, f),
                model.Package.SeenItems.ColumnIndices.AsMemory(from, model.Package.SeenItems.RowPointers[user + 1] - from),
                excluded,
                new ScoredItem[k]);
        }

        return requests;
    }

    internal static ScoredItem[] Alone(ServingModel model, RecommendRequest request, ScoringPath path)
    {
        var results = new ScoredItem[request.Results.Length];
        int count = RecommendationEngine.Recommend(model, request.UserVector.Span, request.Seen.Span, request.Excluded.Span, request.AlsShare, results, path);
        return results[..count];
    }

    private static float[] RandomFloats(Random random, int count)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }

        return values;
    }
}
