using Azure.Identity;
using Recommender.Core.Artifacts;
using Recommender.Core.Feedback;
using Recommender.Core.Storage;
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

        StorageConnection connection;
        try
        {
            connection = store is not null ? ParseStore(store) : StorageConnection.FromConfiguration(getEnvironment);
        }
        catch (InvalidOperationException)
        {
            throw new UsageException("Give --out DIR, or --store CONNECTION_OR_URI, or set RecommenderStorage in the environment.");
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }

        var blobs = new BlobStorageClient(connection);
        FeedbackLog? feedback = noFeedback || connection.TableEndpoint is null ? null : new FeedbackLog(new TableStorageClient(connection), feedbackTable);
        return new Destination(new ModelRepository(new BlobModelStore(blobs, container)), new BlobInputFiles(blobs), feedback);
    }

    private static StorageConnection ParseStore(string store)
    {
        if (Uri.TryCreate(store, UriKind.Absolute, out Uri? uri) && uri.Scheme is "https" or "http" && !store.Contains('=', StringComparison.Ordinal))
        {
            // An account URL: the other services sit on the same account, and a token (managed identity in Azure) authenticates.
            Uri Service(string name) => new(uri.GetLeftPart(UriPartial.Authority).Replace(".blob.", $".{name}.", StringComparison.Ordinal));
            return StorageConnection.FromServiceUris(uri, Service("queue"), Service("table"), new DefaultAzureCredential());
        }

        return StorageConnection.Parse(store);
    }
}
