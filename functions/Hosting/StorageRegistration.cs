using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Recommender.Core.Artifacts;
using Recommender.Core.AzureStorage;
using Recommender.Core.Feedback;
using Recommender.Core.Rules;

namespace Recommender.Functions.Hosting;

/// <summary>
/// Registers the Azure SDK storage clients through <c>AddAzureClients</c>, resolved from the RecommenderStorage setting
/// (connection string or identity-based service URIs), and the storage seams built on them.
/// </summary>
public static class StorageRegistration
{
    public static IServiceCollection AddRecommenderStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(_ => StorageAccountSettings.FromConfiguration(name => configuration[name]));
        services.AddAzureClients(clients =>
        {
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, sp) =>
                sp.GetRequiredService<StorageAccountSettings>().CreateBlobServiceClient(StorageClientDefaults.Apply(options)));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, sp) =>
            {
                options.MessageEncoding = QueueMessageEncoding.Base64;
                return sp.GetRequiredService<StorageAccountSettings>().CreateQueueServiceClient(StorageClientDefaults.Apply(options));
            });
            clients.AddClient<TableServiceClient, TableClientOptions>((options, sp) =>
                sp.GetRequiredService<StorageAccountSettings>().CreateTableServiceClient(StorageClientDefaults.Apply(options)));
        });
        services.AddSingleton<IModelStore>(sp => new BlobModelStore(sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<StorageLayoutOptions>().ModelsContainer));
        services.AddSingleton(sp => new FeedbackLog(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageLayoutOptions>().FeedbackTable));
        services.AddSingleton(sp => new FeedbackTimelinePruner(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageLayoutOptions>().FeedbackTable));
        services.AddSingleton(sp => new BlockedItemStore(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageLayoutOptions>().RulesTable));

        // AddAzureClients forwards the SDK's per-request Information logs; keep warnings and errors only
        // (failures reach the app's own logs through the seams, as one sentence each).
        services.AddLogging(logging => logging.AddFilter("Azure", LogLevel.Warning));
        return services;
    }
}

/// <summary>
/// Names of the storage resources the app uses. The defaults are the fixed names of the platform notes;
/// tests give each run its own names so they can share one Azurite.
/// </summary>
public sealed record StorageLayoutOptions
{
    public string ModelsContainer { get; init; } = StorageLayout.ModelsContainer;

    public string DataContainer { get; init; } = StorageLayout.DataContainer;

    public string FeedbackQueue { get; init; } = StorageLayout.FeedbackQueue;

    public string FeedbackPoisonQueue { get; init; } = StorageLayout.FeedbackPoisonQueue;

    public string FeedbackTable { get; init; } = StorageLayout.FeedbackTable;

    public string TrainingRunsTable { get; init; } = StorageLayout.TrainingRunsTable;

    public string ImpressionsQueue { get; init; } = StorageLayout.ImpressionsQueue;

    public string ImpressionsPoisonQueue { get; init; } = StorageLayout.ImpressionsPoisonQueue;

    public string ImpressionsTable { get; init; } = StorageLayout.ImpressionsTable;

    public string RulesTable { get; init; } = StorageLayout.RulesTable;
}
