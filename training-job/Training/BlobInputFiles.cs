using Recommender.Core.Storage;

namespace Recommender.TrainingJob.Training;

/// <summary>Inputs named <c>blob:container/path</c> come from blob storage; anything else is a local file.</summary>
public sealed class BlobInputFiles(IBlobStorage blobs) : IInputFiles
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

        using BlobDownloadResult download = await blobs.DownloadAsync(path[..slash], path[(slash + 1)..], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (download.Status == BlobDownloadStatus.NotFound)
        {
            throw new FileNotFoundException($"Input blob '{path}' does not exist.", reference);
        }

        using var buffer = new MemoryStream();
        await download.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
