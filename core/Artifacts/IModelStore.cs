namespace Recommender.Core.Artifacts;

/// <summary>
/// The files of the <c>models</c> container: a local folder or a blob container, addressed by relative paths
/// such as <c>{version}/manifest.json</c> and <c>current.json</c>.
/// </summary>
public interface IModelStore
{
    /// <summary>Where the store points, for messages (never includes secrets).</summary>
    string Location { get; }

    /// <summary>Writes (or overwrites) a file unconditionally.</summary>
    Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a file with its ETag. Returns null when it does not exist; returns a result with
    /// <see cref="StoredFile.NotModified"/> set when <paramref name="ifNoneMatch"/> still matches.
    /// </summary>
    Task<StoredFile?> ReadAsync(string path, string? ifNoneMatch = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a file only if its ETag is still <paramref name="ifMatch"/>, or, when that is null, only if it does not exist yet.
    /// Returns the new ETag, or null when the precondition failed (someone else wrote first).
    /// </summary>
    Task<string?> TryWriteConditionalAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Lists the paths that start with <paramref name="prefix"/>.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);
}

/// <summary>A file read from a model store: its bytes (empty when not modified) and its ETag.</summary>
public sealed record StoredFile(byte[] Content, string ETag, bool NotModified = false);
