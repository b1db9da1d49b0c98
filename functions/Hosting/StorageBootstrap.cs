using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Recommender.Functions.Hosting;

/// <summary>
/// Creates the containers, queues and tables the app uses before it serves when they are missing (the infrastructure
/// templates create them in Azure; locally Azurite starts empty). A storage outage here is logged, not fatal: the app
/// still starts.
/// </summary>
public sealed partial class StorageBootstrap(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables, StorageLayoutOptions layout, ILogger<StorageBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await blobs.GetBlobContainerClient(layout.ModelsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await blobs.GetBlobContainerClient(layout.DataContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await queues.GetQueueClient(layout.FeedbackQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await queues.GetQueueClient(layout.FeedbackPoisonQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await tables.CreateTableIfNotExistsAsync(layout.FeedbackTable, cancellationToken).ConfigureAwait(false);
            await tables.CreateTableIfNotExistsAsync(layout.TrainingRunsTable, cancellationToken).ConfigureAwait(false);
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
