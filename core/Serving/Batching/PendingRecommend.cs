namespace Recommender.Core.Serving.Batching;

/// <summary>A queued recommend call and its caller's task; continuations run on the pool, never on the scorer's thread.</summary>
internal sealed class PendingRecommend(ServingModel model, RecommendRequest request, long queuedAt, CancellationToken cancellationToken)
    : TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public ServingModel Model { get; } = model;

    public RecommendRequest Request { get; } = request;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Stopwatch timestamp of its arrival: the window counts from the oldest queued request's.</summary>
    public long QueuedAt { get; } = queuedAt;
}
