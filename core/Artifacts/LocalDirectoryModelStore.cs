using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Recommender.Core.Artifacts;

/// <summary>
/// A model store on a local folder with the same layout as the blob container. ETags are content hashes;
/// conditional writes are serialised through an exclusive lock file, so two processes on one machine
/// get the same compare-and-swap guarantee blob storage gives.
/// </summary>
public sealed class LocalDirectoryModelStore : IModelStore
{
    private const string LockFileName = ".lock";
    private static readonly TimeSpan _lockTimeout = TimeSpan.FromSeconds(30);
    private readonly string _root;

    public LocalDirectoryModelStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Location => _root;

    public async Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string target = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string temp = target + ".tmp-" + Guid.NewGuid().ToString("N");
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        // Rename is atomic on one file system, so readers never see a half-written file.
        File.Move(temp, target, overwrite: true);
    }

    public async Task<StoredFile?> ReadAsync(string path, string? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        string target = Resolve(path);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        string etag = ETagOf(content);
        return etag == ifNoneMatch ? new StoredFile([], etag, NotModified: true) : new StoredFile(content, etag);
    }

    public async Task<string?> TryWriteConditionalAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default)
    {
        string target = Resolve(path);
        await using FileStream lockFile = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
        string? currentETag = File.Exists(target) ? ETagOf(await File.ReadAllBytesAsync(target, cancellationToken).ConfigureAwait(false)) : null;
        if (currentETag != ifMatch)
        {
            return null;
        }

        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await WriteAsync(path, stream, cancellationToken).ConfigureAwait(false);
        return ETagOf(content.Span);
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        await Task.CompletedTask.ConfigureAwait(false);
        var paths = new List<string>();
        foreach (string file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.StartsWith(prefix, StringComparison.Ordinal) && relative != LockFileName && !relative.Contains(".tmp-", StringComparison.Ordinal))
            {
                paths.Add(relative);
            }
        }

        paths.Sort(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return path;
        }
    }

    private static string ETagOf(ReadOnlySpan<byte> content) => "\"" + Convert.ToHexStringLower(SHA256.HashData(content)) + "\"";

    private async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        string lockPath = Path.Combine(_root, LockFileName);
        var deadline = DateTime.UtcNow + _lockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another writer holds the lock; it releases within milliseconds.
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(Path.Combine(_root, path));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Path '{path}' leaves the model store.", nameof(path));
        }

        return full;
    }
}
