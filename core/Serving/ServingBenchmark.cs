using System.Diagnostics;
using System.Numerics.Tensors;
using Recommender.Core.Als;
using Recommender.Core.Artifacts;
using Recommender.Core.Data;

namespace Recommender.Core.Serving;

/// <summary>
/// In-process latency of the recommend path (score, mask seen, top-K) on a random model: the exact float scan, every
/// vectorised quantised shortlist this CPU runs, and a plain read of the float item matrix (the memory-bandwidth floor of
/// the exact scan) are timed in turn on the same users, so machine noise hits them alike.
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
        var paths = new List<ScoringPath>();
        foreach (ScoringPath path in new[] { ScoringPath.QuantizedVnni, ScoringPath.QuantizedAvx512BW, ScoringPath.QuantizedAvx2 })
        {
            if (ScoringPaths.IsSupported(path))
            {
                paths.Add(path);
            }
        }

        var exactResults = new ScoredItem[k];
        var random = new Random(seed);
        float[] itemFactors = model.Package.Factors.ItemFactors;

        // Warm up so tiered compilation has produced the optimised kernels before timing.
        for (int i = 0; i < Math.Min(2000, Math.Max(users, 200)); i++)
        {
            int u = random.Next(users);
            Call(model, u, exactResults, ScoringPath.Exact);
            foreach (ScoringPath path in paths)
            {
                Call(model, u, exactResults, path);
            }

            _sink += ReadAll(itemFactors);
        }

        var exactSamples = new double[requests];
        var readSamples = new double[requests];
        var fastSamples = new double[paths.Count][];
        var mismatched = new int[paths.Count];
        var fastCounts = new int[paths.Count];
        var fastResults = new ScoredItem[paths.Count][];
        for (int p = 0; p < paths.Count; p++)
        {
            fastSamples[p] = new double[requests];
            fastResults[p] = new ScoredItem[k];
        }

        // Each request runs every path once in a fresh random order, so no path always follows the float scans (which
        // evict the int8 codes from cache) or always finds the codes warm after another quantised path.
        int runners = paths.Count + 2;
        var order = new int[runners];
        for (int r = 0; r < runners; r++)
        {
            order[r] = r;
        }

        for (int i = 0; i < requests; i++)
        {
            int u = random.Next(users);
            random.Shuffle(order);
            int exactCount = 0;
            for (int r = 0; r < runners; r++)
            {
                int which = order[r];
                long start = Stopwatch.GetTimestamp();
                if (which == paths.Count)
                {
                    exactCount = Call(model, u, exactResults, ScoringPath.Exact);
                    exactSamples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
                else if (which == paths.Count + 1)
                {
                    _sink += ReadAll(itemFactors);
                    readSamples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
                else
                {
                    fastCounts[which] = Call(model, u, fastResults[which], paths[which]);
                    fastSamples[which][i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            }

            for (int p = 0; p < paths.Count; p++)
            {
                if (exactCount != fastCounts[p] || !exactResults.AsSpan(0, exactCount).SequenceEqual(fastResults[p].AsSpan(0, fastCounts[p])))
                {
                    mismatched[p]++;
                }
            }
        }

        ServingPathFigures exact = Figures("exact", exactSamples, AllocatedPerCall(model, users, exactResults, ScoringPath.Exact, seed), 0);
        var quantized = new ServingPathFigures[paths.Count];
        for (int p = 0; p < paths.Count; p++)
        {
            quantized[p] = Figures(ScoringPaths.Name(paths[p]), fastSamples[p], AllocatedPerCall(model, users, fastResults[p], paths[p], seed), mismatched[p]);
        }

        ServingPathFigures read = Figures("stream-read", readSamples, 0, 0);
        string preferred = ScoringPaths.Name(ScoringPaths.Preferred);
        ServingPathFigures chosen = Array.Find(quantized, q => q.Path == preferred) ?? exact;
        return new ServingBenchmarkResult(
            users,
            items,
            factors,
            k,
            requests,
            seed,
            CpuDeviceInfo.Current.Name,
            CpuDeviceInfo.InstructionSets(),
            model.QuantizedItems?.Bytes ?? 0,
            4L * items * factors,
            chosen,
            exact,
            quantized,
            read);
    }

    private static float _sink;

    /// <summary>
    /// A STREAM-like read of the item matrix: the same bytes the exact scan reads, with only an add per element, so its
    /// time is what the memory system gives a single thread for those bytes.
    /// </summary>
    private static float ReadAll(float[] values) => TensorPrimitives.Sum(values);

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

    private static ServingPathFigures Figures(string path, double[] samples, double allocated, int mismatched)
    {
        double mean = 0;
        foreach (double s in samples)
        {
            mean += s;
        }

        Array.Sort(samples);
        return new ServingPathFigures(path, samples[samples.Length / 2], samples[Math.Min(samples.Length - 1, (int)(samples.Length * 0.99))], mean / samples.Length, allocated, mismatched);
    }

    /// <summary>A model with random factors and about 50 seen items per user, for serving benchmarks.</summary>
    public static ServingModel RandomModel(int users, int items, int factors, int seed)
    {
        var random = new Random(seed);
        AlsFactors randomFactors = AlsFactors.Uniform(users, items, factors, random);
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
        var package = new ModelPackage(manifest, randomFactors, IdMap.FromIds(userIds), IdMap.FromIds(itemIds), seen, popularity, titles);
        return new ServingModel(package, DateTimeOffset.UnixEpoch);
    }
}
