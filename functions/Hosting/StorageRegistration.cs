using Recommender.Core.Artifacts;
using Recommender.Core.Feedback;
using Recommender.Core.Storage;

namespace Recommender.Functions.Hosting;

/// <summary>Registers the storage clients from the RecommenderStorage setting (connection string or identity-based URIs).</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddRecommenderStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(_ => StorageConnection.FromConfiguration(name => configuration[name]));
        services.AddSingleton<IBlobStorage>(sp => new BlobStorageClient(sp.GetRequiredService<StorageConnection>()));
        services.AddSingleton<IQueueStorage>(sp => new QueueStorageClient(sp.GetRequiredService<StorageConnection>()));
        services.AddSingleton<ITableStorage>(sp => new TableStorageClient(sp.GetRequiredService<StorageConnection>()));
        services.AddSingleton<IModelStore>(sp => new BlobModelStore(sp.GetRequiredService<IBlobStorage>(), sp.GetRequiredService<StorageLayoutOptions>().ModelsContainer));
        services.AddSingleton(sp => new FeedbackLog(sp.GetRequiredService<ITableStorage>(), sp.GetRequiredService<StorageLayoutOptions>().FeedbackTable));
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
}
