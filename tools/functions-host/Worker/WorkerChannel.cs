using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Recommender.FunctionsHost.Protocol;

namespace Recommender.FunctionsHost.Worker;

/// <summary>
/// The host's end of the worker's event stream. Requests are written through one queue (a gRPC stream allows one
/// writer at a time); replies are paired with their request by request id, invocation replies by invocation id.
/// </summary>
internal sealed class WorkerChannel(WorkerLog workerLog, ILogger<WorkerChannel> logger)
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _requests = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new();
    private readonly TaskCompletionSource<string> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly WriteOptions _buffered = new(WriteFlags.BufferHint);

    /// <summary>Completes with the worker id once the worker has opened its stream.</summary>
    public Task<string> Connected => _connected.Task;

    /// <summary>Completes when the stream ends.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Sends a request and waits for the reply with the same request id.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, CancellationToken cancellationToken)
    {
        request.RequestId = Guid.NewGuid().ToString();
        var reply = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[request.RequestId] = reply;
        try
        {
            await _outbound.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _requests.TryRemove(request.RequestId, out _);
        }
    }

    /// <summary>Sends an invocation and waits for its result.</summary>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest invocation, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[invocation.InvocationId] = reply;
        try
        {
            var message = new StreamingMessage { RequestId = invocation.InvocationId, InvocationRequest = invocation };
            await _outbound.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _invocations.TryRemove(invocation.InvocationId, out _);
        }
    }

    /// <summary>Sends a message that has no reply (WorkerTerminate).</summary>
    public ValueTask SendAsync(StreamingMessage message, CancellationToken cancellationToken) => _outbound.Writer.WriteAsync(message, cancellationToken);

    /// <summary>Serves the worker's stream until it ends: one loop writes the queue, this one reads replies.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> incoming, IServerStreamWriter<StreamingMessage> outgoing, string expectedWorkerId, CancellationToken cancellationToken)
    {
        if (!await incoming.MoveNext(cancellationToken).ConfigureAwait(false) || incoming.Current.ContentCase != StreamingMessage.ContentOneofCase.StartStream)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.InvalidArgument, "The first message must be StartStream."));
        }

        string workerId = incoming.Current.StartStream.WorkerId;
        if (workerId != expectedWorkerId || !_connected.TrySetResult(workerId))
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.PermissionDenied, $"Unexpected worker '{workerId}'."));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task writer = WriteAsync(outgoing, stop.Token);
        try
        {
            while (await incoming.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                Dispatch(incoming.Current);
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping or the worker went away.
        }
        catch (IOException exception)
        {
            logger.StreamBroke(exception);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            FailPending();
            _closed.TrySetResult();
        }
    }

    // Under load several messages wait at once: all but the last are written without a flush, so they share frames.
    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> outgoing, CancellationToken cancellationToken)
    {
        ChannelReader<StreamingMessage> queue = _outbound.Reader;
        while (await queue.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (queue.TryRead(out StreamingMessage? message))
            {
                outgoing.WriteOptions = queue.TryPeek(out _) ? _buffered : null;
                await outgoing.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_invocations.TryGetValue(message.InvocationResponse.InvocationId, out var invocation))
                {
                    invocation.TrySetResult(message.InvocationResponse);
                }

                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                workerLog.Write(message.RpcLog);
                break;
            default:
                if (_requests.TryGetValue(message.RequestId, out var reply))
                {
                    reply.TrySetResult(message);
                }
                else
                {
                    logger.MessageIgnored(message.ContentCase);
                }

                break;
        }
    }

    private void FailPending()
    {
        var gone = new IOException("The worker's stream closed.");
        foreach (var reply in _requests.Values)
        {
            reply.TrySetException(gone);
        }

        foreach (var invocation in _invocations.Values)
        {
            invocation.TrySetException(gone);
        }
    }
}
