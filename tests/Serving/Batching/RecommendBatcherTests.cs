using System.Buffers;
using Recommender.Core.Serving;
using Recommender.Core.Serving.Batching;

namespace Recommender.Tests.Serving.Batching;

/// <summary>
/// The coalescer hands every caller exactly its own single-call result, loses no request, keeps each failure and
/// cancellation with its own caller, and never makes a lone request on a quiet service wait for company.
/// </summary>
public class RecommendBatcherTests
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(60);

    private readonly ServingModel _model = ServingBenchmark.RandomModel(200, 2_003, 64, seed: 8);

    [Fact]
    public async Task QueuedRequests_GoInOnePass_AndEachGetsItsSingleCallResult()
    {
        var batcher = new RecommendBatcher(8, TimeSpan.Zero, 1);
        RecommendRequest[] requests = BatchRecommendTests.Requests(_model, 10, 8, k: 10, excludedEvery: 2);
        var answers = new Task<int>[8];
        using (batcher.HoldScorerSlot())
        {
            for (int q = 0; q < 8; q++)
            {
                answers[q] = batcher.RecommendAsync(_model, requests[q]).AsTask();
            }

            Assert.DoesNotContain(answers, a => a.IsCompleted);
        }

        int[] written = await Task.WhenAll(answers).WaitAsync(_deadline);

        Assert.Equal(8, batcher.Coalesced);
        Assert.Equal(1, batcher.Batches);
        for (int q = 0; q < 8; q++)
        {
            Assert.Equal(BatchRecommendTests.Alone(_model, requests[q], ScoringPath.Auto), requests[q].Results[..written[q]].ToArray());
        }
    }

    [Fact]
    public async Task APass_NeverHoldsMoreThanMaxBatch()
    {
        var batcher = new RecommendBatcher(4, TimeSpan.Zero, 1);
        RecommendRequest[] requests = BatchRecommendTests.Requests(_model, 0, 10, k: 5, excludedEvery: 0);
        var answers = new Task<int>[10];
        using (batcher.HoldScorerSlot())
        {
            for (int q = 0; q < 10; q++)
            {
                answers[q] = batcher.RecommendAsync(_model, requests[q]).AsTask();
            }
        }

        await Task.WhenAll(answers).WaitAsync(_deadline);

        // 4 + 4 + 2.
        Assert.Equal(3, batcher.Batches);
        Assert.Equal(10, batcher.Coalesced);
    }

    [Fact]
    public async Task ManyConcurrentCallers_AllGetTheirOwnResult()
    {
        var batcher = new RecommendBatcher(8, TimeSpan.FromMicroseconds(200), 1);
        RecommendRequest[] requests = BatchRecommendTests.Requests(_model, 0, 400, k: 10, excludedEvery: 3);
        var callers = new Task<int>[requests.Length];
        for (int q = 0; q < requests.Length; q++)
        {
            RecommendRequest request = requests[q];
            callers[q] = Task.Run(async () => await batcher.RecommendAsync(_model, request));
        }

        int[] written = await Task.WhenAll(callers).WaitAsync(_deadline);

        for (int q = 0; q < requests.Length; q++)
        {
            Assert.Equal(BatchRecommendTests.Alone(_model, requests[q], ScoringPath.Auto), requests[q].Results[..written[q]].ToArray());
        }
    }

    [Fact]
    public async Task ALoneRequest_IsScoredWithoutWaitingForTheWindow()
    {
        // A window far beyond the deadline: a lone request that waited for company would miss it.
        var batcher = new RecommendBatcher(8, TimeSpan.FromMinutes(10), 1);
        RecommendRequest request = BatchRecommendTests.Requests(_model, 3, 1, k: 10, excludedEvery: 0)[0];

        int written = await batcher.RecommendAsync(_model, request).AsTask().WaitAsync(_deadline);

        Assert.Equal(BatchRecommendTests.Alone(_model, request, ScoringPath.Auto), request.Results[..written].ToArray());
        Assert.Equal(0, batcher.Coalesced);
    }

    [Fact]
    public async Task ARequestCancelledWhileQueued_EndsCancelled_AndTheOthersAreScored()
    {
        var batcher = new RecommendBatcher(8, TimeSpan.Zero, 1);
        RecommendRequest[] requests = BatchRecommendTests.Requests(_model, 0, 3, k: 10, excludedEvery: 0);
        using var cancel = new CancellationTokenSource();
        Task<int> first;
        Task<int> cancelled;
        Task<int> last;
        using (batcher.HoldScorerSlot())
        {
            first = batcher.RecommendAsync(_model, requests[0]).AsTask();
            cancelled = batcher.RecommendAsync(_model, requests[1], cancel.Token).AsTask();
            last = batcher.RecommendAsync(_model, requests[2]).AsTask();
            await cancel.CancelAsync();
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(_deadline));
        Assert.Equal(BatchRecommendTests.Alone(_model, requests[0], ScoringPath.Auto), requests[0].Results[..await first.WaitAsync(_deadline)].ToArray());
        Assert.Equal(BatchRecommendTests.Alone(_model, requests[2], ScoringPath.Auto), requests[2].Results[..await last.WaitAsync(_deadline)].ToArray());
        Assert.Equal(default, requests[1].Results.Span[0]);
    }

    [Fact]
    public async Task AnAlreadyCancelledToken_EndsTheCallAtOnce()
    {
        var batcher = new RecommendBatcher(8, TimeSpan.Zero, 1);
        RecommendRequest request = BatchRecommendTests.Requests(_model, 0, 1, k: 10, excludedEvery: 0)[0];

        Task<int> answer = batcher.RecommendAsync(_model, request, new CancellationToken(canceled: true)).AsTask();

        Assert.True(answer.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answer);
    }

    [Fact]
    public async Task AFailingRequest_FailsOnlyItsOwnCaller()
    {
        var batcher = new RecommendBatcher(8, TimeSpan.Zero, 1);
        RecommendRequest[] requests = BatchRecommendTests.Requests(_model, 0, 4, k: 10, excludedEvery: 0);
        requests[2] = requests[2] with { UserVector = new BrokenMemory(_model.Factors).Memory };
        var answers = new Task<int>[4];
        using (batcher.HoldScorerSlot())
        {
            for (int q = 0; q < 4; q++)
            {
                answers[q] = batcher.RecommendAsync(_model, requests[q]).AsTask();
            }
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => answers[2].WaitAsync(_deadline));
        Assert.Equal(BrokenMemory.Message, error.Message);
        foreach (int q in new[] { 0, 1, 3 })
        {
            Assert.Equal(BatchRecommendTests.Alone(_model, requests[q], ScoringPath.Auto), requests[q].Results[..await answers[q].WaitAsync(_deadline)].ToArray());
        }
    }

    [Fact]
    public async Task RequestsForTwoModels_AreEachScoredOnTheirOwnModel()
    {
        ServingModel other = ServingBenchmark.RandomModel(200, 2_003, 64, seed: 9);
        var batcher = new RecommendBatcher(8, TimeSpan.Zero, 1);
        RecommendRequest[] requests = BatchRecommendTests.Requests(_model, 0, 6, k: 10, excludedEvery: 0);
        ServingModel[] models = [_model, _model, other, other, _model, other];
        var answers = new Task<int>[6];
        using (batcher.HoldScorerSlot())
        {
            for (int q = 0; q < 6; q++)
            {
                answers[q] = batcher.RecommendAsync(models[q], requests[q]).AsTask();
            }
        }

        int[] written = await Task.WhenAll(answers).WaitAsync(_deadline);

        for (int q = 0; q < 6; q++)
        {
            Assert.Equal(BatchRecommendTests.Alone(models[q], requests[q], ScoringPath.Auto), requests[q].Results[..written[q]].ToArray());
        }
    }

    [Fact]
    public void AVectorOfTheWrongLength_IsRefusedToItsCaller()
    {
        var batcher = new RecommendBatcher(8, TimeSpan.Zero, 1);
        var request = new RecommendRequest(new float[3], ReadOnlyMemory<int>.Empty, ReadOnlyMemory<int>.Empty, new ScoredItem[5]);

        // Refused when called, before anything is queued.
        void Call() => _ = batcher.RecommendAsync(_model, request).AsTask();

        Assert.Throws<ArgumentException>(Call);
    }

    [Fact]
    public void Settings_OutOfRange_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecommendBatcher(0, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecommendBatcher(4, TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecommendBatcher(4, TimeSpan.Zero, 0));
    }

    /// <summary>A vector whose memory throws when read: scoring fails for that request alone.</summary>
    private sealed class BrokenMemory(int length) : MemoryManager<float>
    {
        public const string Message = "This vector cannot be read.";

        public override Span<float> GetSpan() => throw new InvalidOperationException(Message);

        public override MemoryHandle Pin(int elementIndex = 0) => throw new InvalidOperationException(Message);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }

        public override Memory<float> Memory => CreateMemory(length);
    }
}
