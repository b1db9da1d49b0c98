using System.Security.Cryptography;
using System.Text.Json;
using Recommender.Core.Als;
using Recommender.Core.Data;

namespace Recommender.Core.Artifacts;

/// <summary>
/// Publishes, verifies, lists and activates model versions in an <see cref="IModelStore"/>.
/// The manifest is written last, so a partial upload never looks like a model.
/// </summary>
public sealed class ModelRepository(IModelStore store)
{
    private const int ActivateAttempts = 10;

    /// <summary>Artifacts serving reads when a version has them; versions without them still load.</summary>
    private static readonly string[] _optionalServingArtifacts = [ArtifactNames.SeenConfidence, ArtifactNames.SignalItemIdf, ArtifactNames.SignalUserLengths];

    public IModelStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>Writes every artifact, then the manifest with their sizes and SHA-256; returns that manifest.</summary>
    public async Task<ModelManifest> PublishAsync(ModelPackage package, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        string version = package.Version;
        if (!ModelVersion.IsValid(version))
        {
            throw new ArgumentException($"'{version}' is not a valid model version id.", nameof(package));
        }

        var entries = new List<ArtifactEntry>(ArtifactNames.All.Count + 2);
        foreach (string name in ServingArtifacts(package))
        {
            byte[] bytes = ModelPackageCodec.Encode(package, name);
            entries.Add(new ArtifactEntry(name, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
            using var stream = new MemoryStream(bytes, writable: false);
            await Store.WriteAsync($"{version}/{name}", stream, cancellationToken).ConfigureAwait(false);
        }

        if (package.Genres is not null)
        {
            byte[] bytes = ModelPackageCodec.Encode(package, ArtifactNames.ItemGenres);
            entries.Add(new ArtifactEntry(ArtifactNames.ItemGenres, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
            using var stream = new MemoryStream(bytes, writable: false);
            await Store.WriteAsync($"{version}/{ArtifactNames.ItemGenres}", stream, cancellationToken).ConfigureAwait(false);
        }

        if (package.TrainingSet is not null)
        {
            byte[] bytes = await InteractionsParquet.ToBytesAsync(package.TrainingSet, cancellationToken).ConfigureAwait(false);
            entries.Add(new ArtifactEntry(ArtifactNames.TrainingSet, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
            using var stream = new MemoryStream(bytes, writable: false);
            await Store.WriteAsync($"{version}/{ArtifactNames.TrainingSet}", stream, cancellationToken).ConfigureAwait(false);
        }

        if (package.DataQuality is not null)
        {
            byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(package.DataQuality, ArtifactJson.Default.DataQualityReport);
            entries.Add(new ArtifactEntry(ArtifactNames.DataQuality, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
            using var stream = new MemoryStream(bytes, writable: false);
            await Store.WriteAsync($"{version}/{ArtifactNames.DataQuality}", stream, cancellationToken).ConfigureAwait(false);
        }

        ModelManifest manifest = package.Manifest with { Artifacts = entries };
        using (var stream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, ArtifactJson.Default.ModelManifest), writable: false))
        {
            await Store.WriteAsync($"{version}/{ArtifactNames.Manifest}", stream, cancellationToken).ConfigureAwait(false);
        }

        return manifest;
    }

    /// <summary>Reads a version's manifest, or null when the version has none (absent or unfinished).</summary>
    public async Task<ModelManifest?> GetManifestAsync(string version, CancellationToken cancellationToken = default)
    {
        if (!ModelVersion.IsValid(version))
        {
            return null;
        }

        StoredFile? file = await Store.ReadAsync($"{version}/{ArtifactNames.Manifest}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return file is null ? null : ParseManifest(file.Content, version);
    }

    /// <summary>
    /// Loads a version and verifies every artifact's size and SHA-256 against its manifest.
    /// Throws <see cref="InvalidDataException"/> naming the first artifact that is missing or does not match.
    /// </summary>
    public async Task<ModelPackage> LoadAsync(string version, CancellationToken cancellationToken = default)
    {
        ModelManifest manifest = await GetManifestAsync(version, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Model version '{version}' has no manifest in {Store.Location}.");

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string name in ArtifactNames.All)
        {
            files[name] = await ReadVerifiedAsync(manifest, name, cancellationToken).ConfigureAwait(false);
        }

        // Optional artifacts are read, and verified, only when the manifest lists them.
        foreach (string name in _optionalServingArtifacts)
        {
            if (Lists(manifest, name))
            {
                files[name] = await ReadVerifiedAsync(manifest, name, cancellationToken).ConfigureAwait(false);
            }
        }

        if (Lists(manifest, ArtifactNames.ItemGenres))
        {
            files[ArtifactNames.ItemGenres] = await ReadVerifiedAsync(manifest, ArtifactNames.ItemGenres, cancellationToken).ConfigureAwait(false);
        }

        return ModelPackageCodec.Decode(manifest, files);
    }

    /// <summary>
    /// Reads a version's training set (<see cref="ArtifactNames.TrainingSet"/>, Parquet) after checking its size and
    /// SHA-256 against the manifest; throws <see cref="InvalidDataException"/> when the version has none or it does not match.
    /// </summary>
    public async Task<byte[]> ReadTrainingSetAsync(string version, CancellationToken cancellationToken = default)
    {
        ModelManifest manifest = await GetManifestAsync(version, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Model version '{version}' has no manifest in {Store.Location}.");
        return await ReadVerifiedAsync(manifest, ArtifactNames.TrainingSet, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a version's <see cref="ArtifactNames.DataQuality"/> report after checking it against the manifest; null when
    /// the version has no manifest or was published without one. Throws <see cref="InvalidDataException"/> when it does not match.
    /// </summary>
    public async Task<Data.Quality.DataQualityReport?> ReadDataQualityAsync(string version, CancellationToken cancellationToken = default)
    {
        ModelManifest? manifest = await GetManifestAsync(version, cancellationToken).ConfigureAwait(false);
        if (manifest is null || !manifest.Artifacts.Any(a => a.Name == ArtifactNames.DataQuality))
        {
            return null;
        }

        byte[] content = await ReadVerifiedAsync(manifest, ArtifactNames.DataQuality, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(content, ArtifactJson.Default.DataQualityReport)
                ?? throw new InvalidDataException($"Model {version}: {ArtifactNames.DataQuality} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Model {version}: {ArtifactNames.DataQuality} is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>Lists every version that has a readable manifest, oldest first.</summary>
    public async Task<IReadOnlyList<ModelManifest>> ListAsync(CancellationToken cancellationToken = default)
    {
        var versions = new List<string>();
        await foreach (string path in Store.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            int slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && path.AsSpan(slash + 1).SequenceEqual(ArtifactNames.Manifest))
            {
                versions.Add(path[..slash]);
            }
        }

        versions.Sort(StringComparer.Ordinal);
        var manifests = new List<ModelManifest>(versions.Count);
        foreach (string version in versions)
        {
            try
            {
                ModelManifest? manifest = await GetManifestAsync(version, cancellationToken).ConfigureAwait(false);
                if (manifest is not null)
                {
                    manifests.Add(manifest);
                }
            }
            catch (InvalidDataException)
            {
                // A damaged manifest is not a model; it is reported when someone tries to load it.
            }
        }

        return manifests;
    }

    /// <summary>Reads current.json with its ETag; null when no model was ever promoted.</summary>
    public async Task<(ModelPointer Pointer, string ETag)?> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        StoredFile? file = await Store.ReadAsync(ArtifactNames.Current, cancellationToken: cancellationToken).ConfigureAwait(false);
        return file is null ? null : (ParsePointer(file.Content), file.ETag);
    }

    /// <summary>
    /// Points current.json at <paramref name="version"/> only if current.json still has <paramref name="expectedETag"/>
    /// (null: only if there is no current.json yet). Returns false when someone else moved it first.
    /// </summary>
    public async Task<bool> TrySetCurrentAsync(string version, string reason, string? previousVersion, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var pointer = new ModelPointer { Version = version, ActivatedAt = DateTimeOffset.UtcNow, Reason = reason, PreviousVersion = previousVersion };
        byte[] content = JsonSerializer.SerializeToUtf8Bytes(pointer, ArtifactJson.Default.ModelPointer);
        if (await Store.TryWriteConditionalAsync(ArtifactNames.Current, content, expectedETag, cancellationToken).ConfigureAwait(false) is not null)
        {
            return true;
        }

        // A write retried after a lost response fails its own precondition although it landed: check whose pointer is there.
        StoredFile? now = await Store.ReadAsync(ArtifactNames.Current, cancellationToken: cancellationToken).ConfigureAwait(false);
        return now is not null && now.Content.AsSpan().SequenceEqual(content);
    }

    /// <summary>
    /// Operator roll forward/back: points current.json at an existing, verified version,
    /// retrying the conditional update when a concurrent writer moved it in between.
    /// </summary>
    public async Task<ModelPointer> ActivateAsync(string version, CancellationToken cancellationToken = default)
    {
        // Verifying first means an operator cannot activate a version the app would refuse to load.
        await LoadAsync(version, cancellationToken).ConfigureAwait(false);
        for (int attempt = 0; attempt < ActivateAttempts; attempt++)
        {
            var current = await GetCurrentAsync(cancellationToken).ConfigureAwait(false);
            if (await TrySetCurrentAsync(version, "activated", current?.Pointer.Version, current?.ETag, cancellationToken).ConfigureAwait(false))
            {
                return (await GetCurrentAsync(cancellationToken).ConfigureAwait(false))?.Pointer
                    ?? throw new InvalidOperationException("current.json vanished right after it was written.");
            }
        }

        throw new InvalidOperationException($"Could not activate {version}: current.json kept changing under {ActivateAttempts} attempts.");
    }

    /// <summary>Parses current.json; throws <see cref="InvalidDataException"/> when it is not valid.</summary>
    public static ModelPointer ParsePointer(byte[] content)
    {
        try
        {
            return JsonSerializer.Deserialize(content, ArtifactJson.Default.ModelPointer) ?? throw new InvalidDataException("current.json is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"current.json is not valid: {ex.Message}", ex);
        }
    }

    private static ModelManifest ParseManifest(byte[] content, string version)
    {
        try
        {
            return JsonSerializer.Deserialize(content, ArtifactJson.Default.ModelManifest)
                ?? throw new InvalidDataException($"Model {version}: manifest.json is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Model {version}: manifest.json is not valid: {ex.Message}", ex);
        }
    }

    private async Task<byte[]> ReadVerifiedAsync(ModelManifest manifest, string name, CancellationToken cancellationToken)
    {
        string version = manifest.Version;
        ArtifactEntry entry = FindEntry(manifest, name);
        StoredFile file = await Store.ReadAsync($"{version}/{name}", cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Model {version}: artifact {name} is missing.");
        string sha = Convert.ToHexStringLower(SHA256.HashData(file.Content));
        if (file.Content.LongLength != entry.Bytes || sha != entry.Sha256)
        {
            throw new InvalidDataException($"Model {version}: artifact {name} does not match its manifest checksum (expected {entry.Sha256}, got {sha}).");
        }

        return file.Content;
    }

    private static IEnumerable<string> ServingArtifacts(ModelPackage package)
    {
        foreach (string name in ArtifactNames.All)
        {
            yield return name;
        }

        if (package.SeenConfidence is not null)
        {
            yield return ArtifactNames.SeenConfidence;
        }

        if (package.SignalItemIdf is not null)
        {
            yield return ArtifactNames.SignalItemIdf;
        }

        if (package.SignalUserLengths is not null)
        {
            yield return ArtifactNames.SignalUserLengths;
        }
    }

    private static bool Lists(ModelManifest manifest, string name)
    {
        foreach (ArtifactEntry entry in manifest.Artifacts)
        {
            if (entry.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private static ArtifactEntry FindEntry(ModelManifest manifest, string name)
    {
        foreach (ArtifactEntry entry in manifest.Artifacts)
        {
            if (entry.Name == name)
            {
                return entry;
            }
        }

        throw new InvalidDataException($"Model {manifest.Version}: the manifest lists no artifact {name}.");
    }
}
