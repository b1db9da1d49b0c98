using Recommender.Core.Storage;

namespace Recommender.Functions.Hosting;

/// <summary>
/// Standalone mode: creates the containers, queues and tables the app uses before it serves, as the
/// infrastructure templates do in Azure. A storage outage here is logged, not fatal: the app still starts.
/// </summary>
public sealed partial class StorageBootstrap(IBlobStorage blobs, IQueueStorage queues, ITableStorage tables, StorageLayoutOptions layout, ILogger<StorageBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await blobs.CreateContainerIfNotExistsAsync(layout.ModelsContainer, cancellationToken).ConfigureAwait(false);
            await blobs.CreateContainerIfNotExistsAsync(layout.DataContainer, cancellationToken).ConfigureAwait(false);
            await queues.CreateIfNotExistsAsync(layout.FeedbackQueue, cancellationToken).ConfigureAwait(false);
            await queues.CreateIfNotExistsAsync(layout.FeedbackPoisonQueue, cancellationToken).ConfigureAwait(false);
            await tables.CreateIfNotExistsAsync(layout.FeedbackTable, cancellationToken).ConfigureAwait(false);
            await tables.CreateIfNotExistsAsync(layout.TrainingRunsTable, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBootstrapFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not create the storage containers, queues and tables; is RecommenderStorage reachable?")]
    private static partial void LogBootstrapFailed(ILogger logger, Exception exception);
}
