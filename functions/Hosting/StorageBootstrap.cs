using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Recommender.Functions.Hosting;

/// <summary>
/// Creates the containers, queues and tables the app uses before it serves when they are missing (the infrastructure
/// templates create them in Azure; locally Azurite starts empty). It runs beside start-up, not before it, so storage
/// that is down or slow never delays the app's listening; an outage here is logged, not fatal.
/// </summary>
public sealed partial class StorageBootstrap(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables, StorageLayoutOptions layout, ILogger<StorageBootstrap> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await blobs.GetBlobContainerClient(layout.ModelsContainer).CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            await blobs.GetBlobContainerClient(layout.DataContainer).CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            await queues.GetQueueClient(layout.FeedbackQueue).CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            await queues.GetQueueClient(layout.FeedbackPoisonQueue).CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            await tables.CreateTableIfNotExistsAsync(layout.FeedbackTable, stoppingToken).ConfigureAwait(false);
            await tables.CreateTableIfNotExistsAsync(Recommender.Core.Feedback.FeedbackTimeline.TableFor(layout.FeedbackTable), stoppingToken).ConfigureAwait(false);
            await tables.CreateTableIfNotExistsAsync(layout.TrainingRunsTable, stoppingToken).ConfigureAwait(false);
            await queues.GetQueueClient(layout.ImpressionsQueue).CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            await queues.GetQueueClient(layout.ImpressionsPoisonQueue).CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            await tables.CreateTableIfNotExistsAsync(layout.ImpressionsTable, stoppingToken).ConfigureAwait(false);
            await tables.CreateTableIfNotExistsAsync(layout.RulesTable, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBootstrapFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not create the storage containers, queues and tables; is RecommenderStorage reachable?")]
    private static partial void LogBootstrapFailed(ILogger logger, Exception exception);
}
