using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using Recommender.Core.Als;
using Recommender.Core.Artifacts;
using Recommender.Core.Data;

namespace Recommender.Core.Serving;

/// <summary>
/// In-process latency of the recommend path (score, mask seen, top-K) on a random model: the exact float scan and the
/// quantised shortlist are timed alternately on the same users, so machine noise hits both alike.
/// </summary>
public static class ServingBenchmark
{
    /// <summary>Runs the benchmark; <paramref name="requests"/> timed calls per path after a warm-up.</summary>
    public static ServingBenchmarkResult Run(int users, int items, int factors, int k, int requests, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(factors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        ServingModel model = RandomModel(users, items, factors, seed);
        bool vnni = AvxVnni.IsSupported;
        ScoringPath fastPath = vnni ? ScoringPath.QuantizedVnni : ScoringPath.QuantizedPortable;
        var exactResults = new ScoredItem[k];
        var fastResults = new ScoredItem[k];
        var random = new Random(seed);

        // Warm up so tiered compilation has produced the optimised kernels before timing.
        int mismatched = 0;
        for (int i = 0; i < Math.Min(2000, Math.Max(users, 200)); i++)
        {
            int u = random.Next(users);
            Call(model, u, exactResults, ScoringPath.Exact);
            Call(model, u, fastResults, fastPath);
        }

        var exactSamples = new double[requests];
        var fastSamples = new double[requests];
        for (int i = 0; i < requests; i++)
        {
            int u = random.Next(users);
            long start = Stopwatch.GetTimestamp();
            int exactCount = Call(model, u, exactResults, ScoringPath.Exact);
            exactSamples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            int fastCount = Call(model, u, fastResults, fastPath);
            fastSamples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (exactCount != fastCount || !exactResults.AsSpan(0, exactCount).SequenceEqual(fastResults.AsSpan(0, fastCount)))
            {
                mismatched++;
            }
        }

        ServingPathFigures exact = Figures("exact", exactSamples, AllocatedPerCall(model, users, exactResults, ScoringPath.Exact, seed));
        ServingPathFigures fast = Figures(vnni ? "quantized-vnni" : "quantized-portable", fastSamples, AllocatedPerCall(model, users, fastResults, fastPath, seed));
        return new ServingBenchmarkResult(
            users,
            items,
            factors,
            k,
            requests,
            seed,
            model.QuantizedItems?.Bytes ?? 0,
            4L * items * factors,
            vnni ? fast : exact,
            exact,
            fast,
            mismatched);
    }

    private static int Call(ServingModel model, int user, ScoredItem[] results, ScoringPath path) =>
        RecommendationEngine.Recommend(model, model.Package.Factors.User(user), model.Package.SeenItems.RowColumns(user), [], null, results, path);

    private static double AllocatedPerCall(ServingModel model, int users, ScoredItem[] results, ScoringPath path, int seed)
    {
        const int Calls = 1000;
        var random = new Random(seed);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            Call(model, random.Next(users), results, path);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
    }

    private static ServingPathFigures Figures(string path, double[] samples, double allocated)
    {
        double mean = 0;
        foreach (double s in samples)
        {
            mean += s;
        }

        Array.Sort(samples);
        return new ServingPathFigures(path, samples[samples.Length / 2], samples[Math.Min(samples.Length - 1, (int)(samples.Length * 0.99))], mean / samples.Length, allocated);
    }

    /// <summary>A model with random factors and about 50 seen items per user, for serving benchmarks.</summary>
    public static ServingModel RandomModel(int users, int items, int factors, int seed)
    {
        var random = new Random(seed);
        var userFactors = new float[users * factors];
        var itemFactors = new float[items * factors];
        for (int i = 0; i < userFactors.Length; i++)
        {
            userFactors[i] = (float)(random.NextDouble() - 0.5);
        }

        for (int i = 0; i < itemFactors.Length; i++)
        {
            itemFactors[i] = (float)(random.NextDouble() - 0.5);
        }

        const int SeenPerUser = 50;
        var rows = new int[users * SeenPerUser];
        var cols = new int[rows.Length];
        for (int n = 0; n < rows.Length; n++)
        {
            rows[n] = n / SeenPerUser;
            cols[n] = random.Next(items);
        }

        var seen = CsrMatrix.FromCoordinates(users, items, rows, cols, new float[rows.Length]);
        var userIds = new string[users];
        for (int u = 0; u < users; u++)
        {
            userIds[u] = "u" + u;
        }

        var itemIds = new string[items];
        var titles = new string[items];
        var popularity = new float[items];
        for (int i = 0; i < items; i++)
        {
            itemIds[i] = "i" + i;
            titles[i] = "Item " + i;
            popularity[i] = (float)random.NextDouble();
        }

        var manifest = new ModelManifest
        {
            Version = "bench",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Dataset = new DatasetInfo { Path = "random", Sha256 = string.Empty, Rows = rows.Length, RejectedRows = new Dictionary<string, long>(), Users = users, Items = items, Positives = rows.Length },
            Hyperparameters = new HyperparameterInfo { Factors = factors, Iterations = 0, Regularization = 0.05f, Alpha = 1, Confidence = "linear", Epsilon = 1, CgSteps = 0, Solver = "none", Seed = seed, Threads = 0 },
            Split = new SplitInfo { Protocol = "none", MinRating = 0, TrainInteractions = 0, TestUsers = 0, K = [] },
            Metrics = new Dictionary<string, double>(),
            Baseline = new BaselineInfo { Popularity = new Dictionary<string, double>() },
            Timings = new TimingInfo { Load = 0, Fit = 0, SecondsPerIteration = 0, Evaluate = 0 },
            Device = new DeviceSummary("none", "none", "none", 0),
            Artifacts = [],
        };
        var package = new ModelPackage(manifest, new AlsFactors(users, items, factors, userFactors, itemFactors), IdMap.FromIds(userIds), IdMap.FromIds(itemIds), seen, popularity, titles);
        return new ServingModel(package, DateTimeOffset.UnixEpoch);
    }
}
