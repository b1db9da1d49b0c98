using System.Diagnostics;
using Recommender.Core.Als;
using Recommender.Core.Serving.Batching;

namespace Recommender.Core.Serving;

/// <summary>
/// Throughput and per-request latency of batched scoring against one-user-at-a-time scoring under concurrency, in two
/// forms. Kernel: several threads each take groups of B users and either call the single-user path B times ("single")
/// or the batch path once ("batched"); a request's latency runs from the moment its group was taken (all B were
/// waiting) to the moment its own result was ready. Service: several callers each issue one request at a time, as HTTP
/// requests arrive, either scoring it directly or through a <see cref="RecommendBatcher"/> (up to B per pass); latency
/// runs from issue to answer. Modes alternate in short rounds, so load on the machine hits them alike.
/// </summary>
public static class BatchServingBenchmark
{
    /// <summary>Rounds per mode; each round runs every mode once in turn.</summary>
    private const int Rounds = 10;

    /// <summary>
    /// Kernel figures for B = 2, 4, 8, ... up to <paramref name="batch"/> on the default and the exact path; service
    /// figures with a coalescer of <paramref name="batch"/> users per pass, <paramref name="window"/> and
    /// <paramref name="scorers"/> scorer slots.
    /// </summary>
    public static BatchBenchmarkResult Run(int users, int items, int factors, int k, int requests, int seed, int concurrency, int batch, TimeSpan window, int scorers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        ServingModel model = ServingBenchmark.RandomModel(users, items, factors, seed);
        var sizes = new List<int>();
        for (int size = 2; size < batch; size *= 2)
        {
            sizes.Add(size);
        }

        sizes.Add(batch);
        ScoringPath[] paths = ScoringPaths.Preferred == ScoringPath.Exact ? [ScoringPath.Exact] : [ScoringPaths.Preferred, ScoringPath.Exact];
        var single = new Samples[paths.Length, sizes.Count];
        var batched = new Samples[paths.Length, sizes.Count];
        var mismatched = new int[paths.Length, sizes.Count];
        int perRound = Math.Max(batch * concurrency, requests / Rounds);
        for (int p = 0; p < paths.Length; p++)
        {
            for (int s = 0; s < sizes.Count; s++)
            {
                single[p, s] = new Samples(requests);
                batched[p, s] = new Samples(requests);
                mismatched[p, s] = CountMismatches(model, paths[p], sizes[s], Math.Min(requests, 2000), k, seed);
            }

            // Warm-up: tiered compilation reaches the optimised kernels for both modes.
            RunMode(model, paths[p], batch, concurrency, Math.Min(perRound, 2000), k, seed, batched: false, null);
            RunMode(model, paths[p], batch, concurrency, Math.Min(perRound, 2000), k, seed, batched: true, null);
        }

        for (int r = 0; r < Rounds; r++)
        {
            for (int p = 0; p < paths.Length; p++)
            {
                for (int s = 0; s < sizes.Count; s++)
                {
                    RunMode(model, paths[p], sizes[s], concurrency, perRound, k, seed + r, batched: false, single[p, s]);
                    RunMode(model, paths[p], sizes[s], concurrency, perRound, k, seed + r, batched: true, batched[p, s]);
                }
            }
        }

        var figures = new List<BatchModeFigures>();
        for (int p = 0; p < paths.Length; p++)
        {
            string name = ScoringPaths.Name(paths[p]);
            for (int s = 0; s < sizes.Count; s++)
            {
                figures.Add(single[p, s].Figures(name, "single", concurrency, sizes[s], 0));
                figures.Add(batched[p, s].Figures(name, "batched", concurrency, sizes[s], mismatched[p, s]));
            }
        }

        // The service form on the default path: the coalescer's own scheduling cost and wait are in the figures.
        var batcher = new RecommendBatcher(batch, window, scorers);
        var direct = new Samples(requests);
        var coalesced = new Samples(requests);
        int perCallerRound = Math.Max(concurrency, requests / Rounds);
        RunCallers(model, null, concurrency, Math.Min(perCallerRound, 2000), k, seed, null);
        RunCallers(model, batcher, concurrency, Math.Min(perCallerRound, 2000), k, seed, null);
        long before = batcher.Coalesced;
        long batchesBefore = batcher.Batches;
        for (int r = 0; r < Rounds; r++)
        {
            RunCallers(model, null, concurrency, perCallerRound, k, seed + r, direct);
            RunCallers(model, batcher, concurrency, perCallerRound, k, seed + r, coalesced);
        }

        string preferred = ScoringPaths.Name(ScoringPaths.Preferred);
        figures.Add(direct.Figures(preferred, "direct", concurrency, 1, 0));
        figures.Add(coalesced.Figures(preferred, "coalesced", concurrency, batch, 0) with
        {
            CoalescedShare = (batcher.Coalesced - before) / (double)(Rounds * perCallerRound),
            MeanBatch = batcher.Batches > batchesBefore ? (batcher.Coalesced - before) / (double)(batcher.Batches - batchesBefore) : 1,
        });
        return new BatchBenchmarkResult(users, items, factors, k, requests, seed, concurrency, batch, window, scorers, CpuDeviceInfo.Current.Name, CpuDeviceInfo.InstructionSets(), figures);
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

    /// <summary>
    /// <paramref name="concurrency"/> callers on the thread pool, each issuing one request at a time until
    /// <paramref name="count"/> are answered; each request is a new work item, as an HTTP request is.
    /// </summary>
    private static void RunCallers(ServingModel model, RecommendBatcher? batcher, int concurrency, int count, int k, int seed, Samples? samples)
    {
        int next = 0;
        var callers = new Task[concurrency];
        long began = Stopwatch.GetTimestamp();
        for (int c = 0; c < concurrency; c++)
        {
            int caller = c;
            callers[c] = Task.Run(async () =>
            {
                var random = new Random((seed * 131) + caller);
                double[] latency = new double[1];
                while (Interlocked.Increment(ref next) <= count)
                {
                    RecommendRequest request = Request(model, random.Next(model.Package.Users.Count), new ScoredItem[k]);
                    long issued = Stopwatch.GetTimestamp();
                    await Task.Yield();
                    if (batcher is null)
                    {
                        RecommendationEngine.Recommend(model, request.UserVector.Span, request.Seen.Span, request.Excluded.Span, null, request.Results.Span);
                    }
                    else
                    {
                        await batcher.RecommendAsync(model, request).ConfigureAwait(false);
                    }

                    latency[0] = Stopwatch.GetElapsedTime(issued).TotalMilliseconds;
                    samples?.Add(latency);
                }
            });
        }

        Task.WaitAll(callers);
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
