using System.Diagnostics;
using Recommender.Core.Als;

namespace Recommender.Core.Serving;

/// <summary>
/// Throughput and per-request latency of batched scoring against one-user-at-a-time scoring under concurrency: several
/// threads each take groups of B users and either call the single-user path B times or the batch path once. Modes
/// alternate in short rounds, so load on the machine hits both alike. A request's latency is from the moment its group
/// was taken (all B were waiting) to the moment its own result was ready.
/// </summary>
public static class BatchServingBenchmark
{
    /// <summary>Rounds per mode; each round runs every mode once in turn.</summary>
    private const int Rounds = 10;

    public static BatchBenchmarkResult Run(int users, int items, int factors, int k, int requests, int seed, int concurrency, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        ServingModel model = ServingBenchmark.RandomModel(users, items, factors, seed);
        var figures = new List<BatchModeFigures>();
        foreach (ScoringPath path in new[] { ScoringPaths.Preferred, ScoringPath.Exact })
        {
            if (figures.Count > 0 && path == ScoringPaths.Preferred)
            {
                continue;
            }

            int mismatched = CountMismatches(model, path, batch, Math.Min(requests, 2000), k, seed);
            var single = new Samples(requests);
            var batched = new Samples(requests);
            int perRound = Math.Max(batch * concurrency, requests / Rounds);

            // Warm-up: tiered compilation reaches the optimised kernels for both modes.
            RunMode(model, path, batch, concurrency, Math.Min(perRound, 2000), k, seed, batched: false, null);
            RunMode(model, path, batch, concurrency, Math.Min(perRound, 2000), k, seed, batched: true, null);
            for (int r = 0; r < Rounds; r++)
            {
                RunMode(model, path, batch, concurrency, perRound, k, seed + r, batched: false, single);
                RunMode(model, path, batch, concurrency, perRound, k, seed + r, batched: true, batched);
            }

            string name = ScoringPaths.Name(path);
            figures.Add(single.Figures(name, "single", concurrency, 1, 0));
            figures.Add(batched.Figures(name, "batched", concurrency, batch, mismatched));
        }

        return new BatchBenchmarkResult(users, items, factors, k, requests, seed, concurrency, batch, CpuDeviceInfo.Current.Name, ScoringPaths.CpuFeatures(), figures);
    }

    /// <summary>Runs <paramref name="count"/> requests on <paramref name="concurrency"/> threads; adds latencies and wall time to <paramref name="samples"/>.</summary>
    private static void RunMode(ServingModel model, ScoringPath path, int batch, int concurrency, int count, int k, int seed, bool batched, Samples? samples)
    {
        int next = 0;
        var threads = new Thread[concurrency];
        using var start = new ManualResetEventSlim(false);
        for (int t = 0; t < concurrency; t++)
        {
            int thread = t;
            threads[t] = new Thread(() =>
            {
                var random = new Random(seed * 131 + thread);
                var results = new ScoredItem[batch * k];
                var requests = new RecommendRequest[batch];
                var written = new int[batch];
                var latencies = new double[batch];
                start.Wait();
                while (true)
                {
                    int first = Interlocked.Add(ref next, batch) - batch;
                    if (first >= count)
                    {
                        return;
                    }

                    int size = Math.Min(batch, count - first);
                    for (int q = 0; q < size; q++)
                    {
                        int u = random.Next(model.Package.Users.Count);
                        requests[q] = Request(model, u, results.AsMemory(q * k, k));
                    }

                    long taken = Stopwatch.GetTimestamp();
                    if (batched)
                    {
                        RecommendationEngine.RecommendBatch(model, requests.AsSpan(0, size), written, path);
                        double ms = Stopwatch.GetElapsedTime(taken).TotalMilliseconds;
                        latencies.AsSpan(0, size).Fill(ms);
                    }
                    else
                    {
                        for (int q = 0; q < size; q++)
                        {
                            RecommendRequest r = requests[q];
                            written[q] = RecommendationEngine.Recommend(model, r.UserVector.Span, r.Seen.Span, r.Excluded.Span, null, r.Results.Span, path);
                            latencies[q] = Stopwatch.GetElapsedTime(taken).TotalMilliseconds;
                        }
                    }

                    samples?.Add(latencies.AsSpan(0, size));
                }
            });
            threads[t].Start();
        }

        long began = Stopwatch.GetTimestamp();
        start.Set();
        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        samples?.AddWall(Stopwatch.GetElapsedTime(began).TotalSeconds, count);
    }

    private static RecommendRequest Request(ServingModel model, int user, Memory<ScoredItem> results)
    {
        var factors = model.Package.Factors;
        var seen = model.Package.SeenItems;
        int from = seen.RowPointers[user];
        return new RecommendRequest(
            factors.UserFactors.AsMemory(user * factors.Factors, factors.Factors),
            seen.ColumnIndices.AsMemory(from, seen.RowPointers[user + 1] - from),
            ReadOnlyMemory<int>.Empty,
            results);
    }

    /// <summary>Users whose batched top-K differs from their single-user top-K (expected 0).</summary>
    private static int CountMismatches(ServingModel model, ScoringPath path, int batch, int count, int k, int seed)
    {
        var random = new Random(seed);
        var batchResults = new ScoredItem[batch * k];
        var single = new ScoredItem[k];
        var requests = new RecommendRequest[batch];
        var written = new int[batch];
        int mismatched = 0;
        for (int first = 0; first < count; first += batch)
        {
            for (int q = 0; q < batch; q++)
            {
                requests[q] = Request(model, random.Next(model.Package.Users.Count), batchResults.AsMemory(q * k, k));
            }

            RecommendationEngine.RecommendBatch(model, requests, written, path);
            for (int q = 0; q < batch; q++)
            {
                RecommendRequest r = requests[q];
                int one = RecommendationEngine.Recommend(model, r.UserVector.Span, r.Seen.Span, r.Excluded.Span, null, single, path);
                if (one != written[q] || !single.AsSpan(0, one).SequenceEqual(r.Results.Span[..written[q]]))
                {
                    mismatched++;
                }
            }
        }

        return mismatched;
    }

    /// <summary>Latencies of one mode across rounds and threads, and its wall time.</summary>
    private sealed class Samples(int capacity)
    {
        private readonly List<double> _latencies = new(capacity);
        private double _seconds;
        private long _requests;

        public void Add(ReadOnlySpan<double> latencies)
        {
            lock (_latencies)
            {
                foreach (double latency in latencies)
                {
                    _latencies.Add(latency);
                }
            }
        }

        public void AddWall(double seconds, int requests)
        {
            _seconds += seconds;
            _requests += requests;
        }

        public BatchModeFigures Figures(string path, string mode, int concurrency, int batch, int mismatched)
        {
            double[] sorted = [.. _latencies];
            Array.Sort(sorted);
            return new BatchModeFigures(
                path,
                mode,
                concurrency,
                batch,
                _requests / _seconds,
                sorted[sorted.Length / 2],
                sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))],
                mismatched);
        }
    }
}
