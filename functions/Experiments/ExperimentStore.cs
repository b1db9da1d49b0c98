using System.Text;
using Recommender.Core.Artifacts;
using Recommender.Core.Experiments;

namespace Recommender.Functions.Experiments;

/// <summary>
/// The running experiment, kept as blob <c>experiment.json</c> in container <c>models</c> beside <c>current.json</c>:
/// it survives restarts, and every instance reads it with If-None-Match at each model refresh. The JSON literal
/// <c>null</c> there means no experiment runs (an ended one is overwritten, not deleted, so readers see the change as
/// a new ETag).
/// </summary>
public sealed class ExperimentStore(ModelRepository repository)
{
    public const string BlobName = "experiment.json";

    private static readonly byte[] _none = Encoding.UTF8.GetBytes("null");

    /// <summary>The stored state when it changed since <paramref name="ifNoneMatch"/>; null when it did not.</summary>
    public async Task<StoredExperiment?> ReadAsync(string? ifNoneMatch, CancellationToken cancellationToken = default)
    {
        StoredFile? file = await repository.Store.ReadAsync(BlobName, ifNoneMatch, cancellationToken).ConfigureAwait(false);
        if (file is null)
        {
            return new StoredExperiment(null, null);
        }

        if (file.NotModified)
        {
            return null;
        }

        bool none = file.Content.AsSpan().Trim("\r\n\t "u8).SequenceEqual(_none);
        return new StoredExperiment(none ? null : Experiment.Parse(file.Content), file.ETag);
    }

    public async Task WriteAsync(Experiment? experiment, CancellationToken cancellationToken = default)
    {
        byte[] content = experiment is null ? _none : Encoding.UTF8.GetBytes(experiment.ToJson());
        using var stream = new MemoryStream(content, writable: false);
        await repository.Store.WriteAsync(BlobName, stream, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The experiment read from storage (null when none runs) and the blob's ETag (null when there is no blob).</summary>
public sealed record StoredExperiment(Experiment? Experiment, string? ETag);
