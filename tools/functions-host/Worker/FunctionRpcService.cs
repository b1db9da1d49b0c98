using Grpc.Core;
using Recommender.FunctionsHost.Protocol;

namespace Recommender.FunctionsHost.Worker;

/// <summary>The gRPC service the worker calls: its one event stream is served by the <see cref="WorkerChannel"/>.</summary>
internal sealed class FunctionRpcService(WorkerChannel channel, WorkerIdentity identity) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        channel.RunAsync(requestStream, responseStream, identity.WorkerId, context.CancellationToken);
}

/// <summary>The id the worker is started with; only a stream that presents it is served.</summary>
internal sealed record WorkerIdentity(string WorkerId);
