using Azure;
using Azure.Storage.Blobs;
using Recommender.Core.AzureStorage;

namespace Recommender.TrainingJob.Training;

/// <summary>Inputs named <c>blob:container/path</c> come from blob storage; anything else is a local file.</summary>
public sealed class BlobInputFiles(BlobServiceClient blobs) : IInputFiles
{
    private const string Prefix = "blob:";
    private readonly LocalInputFiles _local = new();

    public async Task<byte[]> ReadAllBytesAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!reference.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return await _local.ReadAllBytesAsync(reference, cancellationToken).ConfigureAwait(false);
        }

        string path = reference[Prefix.Length..];
        int slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == path.Length - 1)
        {
            throw new ArgumentException($"'{reference}' is not a blob path: write blob:container/path/to/file.csv.");
        }

        BlobClient blob = blobs.GetBlobContainerClient(path[..slash]).GetBlobClient(path[(slash + 1)..]);
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            string what = ex.ErrorCode == "ContainerNotFound" ? $"container '{path[..slash]}'" : "blob";
            throw new FileNotFoundException($"Input blob '{path}' does not exist (no {what} on {blobs.Uri}).", reference);
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Download input blob '{path}'", blobs.Uri);
        }
    }
}
