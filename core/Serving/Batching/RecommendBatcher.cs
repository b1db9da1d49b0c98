using System.Buffers;
using System.Diagnostics;

namespace Recommender.Core.Serving.Batching;

/// <summary>
/// Coalesces concurrent recommend calls into batches scored in one pass over the item factors
/// (<see cref="RecommendationEngine.RecommendBatch(ServingModel, ReadOnlySpan{RecommendRequest}, Span{int})"/>), which
/// gives every caller exactly the result a call of its own would.
/// </summary>
/// <remarks>
/// It has no thread of its own. A caller that finds a scorer slot free scores the queue itself, its own request
/// included. Requests arriving while a pass runs queue up and go together in the next pass, at most
/// <see cref="MaxBatch"/> per pass. A caller scores only until its own answer is ready; what is still queued then passes
/// to a thread-pool scorer.
/// The window: once the last pass had company (the load is concurrent), a scorer waits up to <see cref="Window"/> from
/// the oldest queued request's arrival for a full batch. After a lone pass it does not wait, so a request on a quiet
/// service is never delayed, and under load no request waits for company longer than the window.
/// The recommendation service does not use it: measured against direct calls (<c>bench-serving --batch</c>; README,
/// "Batching concurrent requests") it lowered throughput. With a scorer slot per core every thread is busy scoring, so
/// no caller is free to queue a request and passes stay single; with fewer slots batches form, but fewer cores score.
/// </remarks>
public sealed class RecommendBatcher
{
    private readonly object _gate = new();
    private readonly Queue<PendingRecommend> _queue = new();
    private readonly long _windowTicks;
    private readonly int _maxScorers;
    private int _scorers;
    private long _coalesced;
    private long _batches;

    /// <summary>1 when the last pass scored more than one request: the next one waits for company (see remarks).</summary>
    private int _concurrent;

    /// <param name="maxBatch">Most users scored in one pass; 1 turns coalescing off (every call scores alone, at once).</param>
    /// <param name="window">How long the oldest queued request may wait for others before a pass starts; zero: never wait.</param>
    public RecommendBatcher(int maxBatch, TimeSpan window)
        : this(maxBatch, window, DefaultScorers)
    {
    }

    /// <param name="maxBatch">Most users scored in one pass; 1 turns coalescing off (every call scores alone, at once).</param>
    /// <param name="window">How long the oldest queued request may wait for others before a pass starts; zero: never wait.</param>
    /// <param name="maxScorers">Callers (or pool threads) scoring at the same time.</param>
    public RecommendBatcher(int maxBatch, TimeSpan window, int maxScorers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxScorers, 1);
        MaxBatch = maxBatch;
        Window = window;
        _windowTicks = (long)(window.TotalSeconds * Stopwatch.Frequency);
        _maxScorers = maxScorers;
    }

    /// <summary>Half the cores, at least one: the other half stays free to take and queue requests.</summary>
    public static int DefaultScorers => Math.Max(1, Environment.ProcessorCount / 2);

    public int MaxBatch { get; }

    public TimeSpan Window { get; }

    /// <summary>Requests scored in passes of more than one user so far (for tests and diagnostics).</summary>
    public long Coalesced => Interlocked.Read(ref _coalesced);

    /// <summary>Passes of more than one user so far: <see cref="Coalesced"/> over this is the mean batch.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>
    /// The top-K of one request: the count written into <see cref="RecommendRequest.Results"/>, as
    /// <see cref="RecommendationEngine.Recommend(ServingModel, ReadOnlySpan{float}, ReadOnlySpan{int}, ReadOnlySpan{int}, float?, Span{ScoredItem})"/>
    /// returns it. A request cancelled while queued ends cancelled when a scorer reaches it; once its pass has started
    /// it runs to the end (a pass takes well under a millisecond). A failure of this request reaches this caller only.
    /// </summary>
    public ValueTask<int> RecommendAsync(ServingModel model, RecommendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (request.UserVector.Length != model.Factors)
        {
            throw new ArgumentException($"User vector has {request.UserVector.Length} factors; the model has {model.Factors}.", nameof(request));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        if (MaxBatch == 1)
        {
            return new ValueTask<int>(RecommendationEngine.Recommend(model, request.UserVector.Span, request.Seen.Span, request.Excluded.Span, request.AlsShare, request.Results.Span));
        }

        var pending = new PendingRecommend(model, request, Stopwatch.GetTimestamp(), cancellationToken);
        lock (_gate)
        {
            _queue.Enqueue(pending);
        }

        Score(pending);
        return new ValueTask<int>(pending.Task);
    }

    /// <summary>
    /// Scores queued passes while a scorer slot is free and <paramref name="own"/> (null: a pool scorer) is not answered.
    /// Every scorer looks at the queue again after leaving its slot, so a request queued while all slots were taken is
    /// never stranded.
    /// </summary>
    private void Score(PendingRecommend? own)
    {
        while (TryEnter())
        {
            PendingRecommend[] batch = ArrayPool<PendingRecommend>.Shared.Rent(MaxBatch);
            try
            {
                while (own is null || !own.Task.IsCompleted)
                {
                    int taken = Take(batch);
                    if (taken == 0)
                    {
                        break;
                    }

                    Run(batch.AsSpan(0, taken));
                }
            }
            finally
            {
                ArrayPool<PendingRecommend>.Shared.Return(batch, clearArray: true);
                Interlocked.Decrement(ref _scorers);
            }

            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    return;
                }
            }

            if (own is not null && own.Task.IsCompleted)
            {
                // This caller's answer is ready: the rest of the queue goes to a pool thread, not on this caller's time.
                ThreadPool.UnsafeQueueUserWorkItem(static batcher => batcher.Score(null), this, preferLocal: false);
                return;
            }
        }
    }

    /// <summary>
    /// Takes a scorer slot until the result is disposed, so that requests queue up meanwhile; disposing it lets a pool
    /// scorer take the queue. Tests use it to line requests up in a known order.
    /// </summary>
    internal IDisposable HoldScorerSlot()
    {
        if (!TryEnter())
        {
            throw new InvalidOperationException("Every scorer slot is taken.");
        }

        return new HeldSlot(this);
    }

    private bool TryEnter()
    {
        while (true)
        {
            int scorers = Volatile.Read(ref _scorers);
            if (scorers >= _maxScorers)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _scorers, scorers + 1, scorers) == scorers)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Takes the next pass: after waiting (up to the window from the oldest request's arrival) for a full batch, up to
    /// <see cref="MaxBatch"/> requests for the same model; cancelled requests end here without being scored.
    /// </summary>
    private int Take(PendingRecommend[] batch)
    {
        if (_windowTicks > 0 && Volatile.Read(ref _concurrent) == 1)
        {
            WaitForCompany();
        }

        int taken = 0;
        lock (_gate)
        {
            while (taken < MaxBatch && _queue.TryPeek(out PendingRecommend? next))
            {
                // A model swap between requests: the newer model's requests start the next pass.
                if (taken > 0 && !ReferenceEquals(next.Model, batch[0].Model))
                {
                    break;
                }

                _queue.Dequeue();
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.TrySetCanceled(next.CancellationToken);
                    continue;
                }

                batch[taken++] = next;
            }
        }

        if (taken > 0)
        {
            Volatile.Write(ref _concurrent, taken > 1 ? 1 : 0);
        }

        return taken;
    }

    private void WaitForCompany()
    {
        var spinner = default(SpinWait);
        while (true)
        {
            long oldest;
            lock (_gate)
            {
                if (_queue.Count == 0 || _queue.Count >= MaxBatch)
                {
                    return;
                }

                oldest = _queue.Peek().QueuedAt;
            }

            if (Stopwatch.GetTimestamp() - oldest >= _windowTicks)
            {
                return;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private void Run(ReadOnlySpan<PendingRecommend> batch)
    {
        if (batch.Length == 1)
        {
            RunAlone(batch[0]);
            return;
        }

        RecommendRequest[] requests = ArrayPool<RecommendRequest>.Shared.Rent(batch.Length);
        int[] written = ArrayPool<int>.Shared.Rent(batch.Length);
        try
        {
            for (int i = 0; i < batch.Length; i++)
            {
                requests[i] = batch[i].Request;
            }

            bool scored;
            try
            {
                RecommendationEngine.RecommendBatch(batch[0].Model, requests.AsSpan(0, batch.Length), written);
                scored = true;
            }
            catch (Exception)
            {
                // One bad request must not fail the others: each is scored alone, so the failure reaches its own caller.
                scored = false;
            }

            for (int i = 0; i < batch.Length; i++)
            {
                if (scored)
                {
                    batch[i].TrySetResult(written[i]);
                }
                else
                {
                    RunAlone(batch[i]);
                }
            }

            if (scored)
            {
                Interlocked.Add(ref _coalesced, batch.Length);
                Interlocked.Increment(ref _batches);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(written);
            ArrayPool<RecommendRequest>.Shared.Return(requests, clearArray: true);
        }
    }

    private static void RunAlone(PendingRecommend pending)
    {
        RecommendRequest r = pending.Request;
        try
        {
            pending.TrySetResult(RecommendationEngine.Recommend(pending.Model, r.UserVector.Span, r.Seen.Span, r.Excluded.Span, r.AlsShare, r.Results.Span));
        }
        catch (Exception e)
        {
            pending.TrySetException(e);
        }
    }

    private sealed class HeldSlot(RecommendBatcher batcher) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref batcher._scorers);
                ThreadPool.UnsafeQueueUserWorkItem(static b => b.Score(null), batcher, preferLocal: false);
            }
        }
    }
}
