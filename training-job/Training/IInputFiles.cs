namespace Recommender.TrainingJob.Training;

/// <summary>Reads the training inputs named on the command line (local files, or blobs with a storage connection).</summary>
public interface IInputFiles
{
    /// <summary>Reads a whole input; throws <see cref="FileNotFoundException"/> naming it when it does not exist.</summary>
    Task<byte[]> ReadAllBytesAsync(string reference, CancellationToken cancellationToken = default);
}

/// <summary>Inputs from the local file system.</summary>
public sealed class LocalInputFiles : IInputFiles
{
    public async Task<byte[]> ReadAllBytesAsync(string reference, CancellationToken cancellationToken = default)
    {
        if (reference.StartsWith("blob:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{reference}' is a blob path: pass --store with a storage connection to read it.");
        }

        if (Directory.Exists(reference))
        {
            throw new IOException($"Input '{reference}' is a directory, not a file.");
        }

        if (!File.Exists(reference))
        {
            throw new FileNotFoundException($"Input file '{reference}' does not exist.", reference);
        }

        return await File.ReadAllBytesAsync(reference, cancellationToken).ConfigureAwait(false);
    }
}
