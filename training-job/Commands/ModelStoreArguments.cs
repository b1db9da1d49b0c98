using Azure.Storage.Blobs;
using Recommender.Core.Artifacts;
using Recommender.Core.AzureStorage;
using Recommender.Core.Feedback;
using Recommender.TrainingJob.Training;

namespace Recommender.TrainingJob.Commands;

/// <summary>
/// Chooses where models go and where inputs come from: <c>--out DIR</c> (a local folder laid out like the models
/// container), or <c>--store</c> with a connection string or blob account URI; without either, the
/// <c>RecommenderStorage</c> setting from the environment (connection string or identity-based service URIs).
/// </summary>
internal static class ModelStoreArguments
{
    public sealed record Destination(ModelRepository Repository, IInputFiles Inputs, FeedbackLog? Feedback);

    public static Destination Open(StoreSelection selection, Func<string, string?> getEnvironment)
    {
        string? outDir = selection.OutDir;
        string? store = selection.Store;
        bool noFeedback = selection.NoFeedback;
        string container = selection.ModelsContainer ?? StorageLayout.ModelsContainer;
        string feedbackTable = selection.FeedbackTable ?? StorageLayout.FeedbackTable;
        if (outDir is not null && store is not null)
        {
            throw new UsageException("Give either --out DIR or --store CONNECTION, not both.");
        }

        if (outDir is not null)
        {
            return new Destination(new ModelRepository(new LocalDirectoryModelStore(outDir)), new LocalInputFiles(), null);
        }

        StorageAccountSettings account;
        try
        {
            account = store is not null ? StorageAccountSettings.FromStoreArgument(store) : StorageAccountSettings.FromConfiguration(getEnvironment);
        }
        catch (InvalidOperationException)
        {
            throw new UsageException("Give --out DIR, or --store CONNECTION_OR_URI, or set RecommenderStorage in the environment.");
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }

        BlobServiceClient blobs = account.CreateBlobServiceClient();
        FeedbackLog? feedback = noFeedback || account.TableServiceUri is null ? null : new FeedbackLog(account.CreateTableServiceClient(), feedbackTable);
        return new Destination(new ModelRepository(new BlobModelStore(blobs, container)), new BlobInputFiles(blobs), feedback);
    }
}
