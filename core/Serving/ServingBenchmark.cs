using System.Diagnostics;
using Recommender.Core.Als;
using Recommender.Core.Artifacts;
using Recommender.Core.Data;

namespace Recommender.Core.Serving;

/// <summary>In-process latency of the recommend path (score all items, mask seen, top-K) on a random model.</summary>
public static class ServingBenchmark
{
    /// <summary>Result figures in milliseconds per request, plus bytes allocated per request.</summary>
    public sealed record Result(int Items, int Factors, int K, int Requests, double MedianMs, double P99Ms, double MeanMs, double AllocatedBytesPerRequest);

    public static Result Run(int users, int items, int factors, int k, int requests, int seed)
    {
        ServingModel model = RandomModel(users, items, factors, seed);
        var results = new ScoredItem[k];
        var random = new Random(seed);

        // Warm up so tiered compilation has produced the optimised kernel before timing.
        for (int i = 0; i < 2000; i++)
        {
            int u = random.Next(users);
            RecommendationEngine.Recommend(model, model.Package.Factors.User(u), model.Package.SeenItems.RowColumns(u), [], null, results);
        }

        var samples = new double[requests];
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < requests; i++)
        {
            int u = random.Next(users);
            long start = Stopwatch.GetTimestamp();
            RecommendationEngine.Recommend(model, model.Package.Factors.User(u), model.Package.SeenItems.RowColumns(u), [], null, results);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        double allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)requests;
        double mean = 0;
        foreach (double s in samples)
        {
            mean += s;
        }

        Array.Sort(samples);
        return new Result(items, factors, k, requests, samples[requests / 2], samples[(int)(requests * 0.99)], mean / requests, allocated);
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
