using Recommender.Core.Artifacts;
using Recommender.Core.Experiments;
using Recommender.Core.Serving;
using Recommender.Functions.Serving;

namespace Recommender.Functions.Experiments;

/// <summary>
/// The running experiment and every variant's model, beside <see cref="ModelCache"/>'s active one. A variant whose
/// version is the active one shares the active model; the others are loaded (every checksum verified) when the
/// experiment starts or changes. A variant whose model cannot be loaded is served by the active model: the answer says
/// so, and the failure is logged as a warning. State is swapped as one reference, like the model cache.
/// </summary>
public sealed partial class ExperimentModels(ExperimentStore store, ModelRepository repository, ModelCache cache, TimeProvider time, ILogger<ExperimentModels> logger) : IDisposable
{
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private volatile ExperimentState _state = ExperimentState.None;
    private string? _seenETag;

    /// <summary>The experiment running now (null when none) and each variant's load status on this instance.</summary>
    public ExperimentState State => _state;

    /// <summary>Which model serves <paramref name="userId"/>, under which variant.</summary>
    public ServedBy Choose(ServingModel active, string userId)
    {
        ArgumentNullException.ThrowIfNull(active);
        ExperimentState state = _state;
        if (state.Experiment is null)
        {
            return new ServedBy(active, null, false);
        }

        ExperimentVariant variant = state.Experiment.Assign(userId);
        if (variant.Version == active.Version)
        {
            return new ServedBy(active, variant.Name, false);
        }

        return state.Models.TryGetValue(variant.Version, out ServingModel? model)
            ? new ServedBy(model, variant.Name, false)
            : new ServedBy(active, variant.Name, true);
    }

    /// <summary>Reads experiment.json (If-None-Match) and applies a change; storage failures keep the current state.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            StoredExperiment? stored = await store.ReadAsync(_seenETag, cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                _seenETag = stored.ETag;
                await ApplyLockedAsync(stored.Experiment, cancellationToken).ConfigureAwait(false);
            }
            else if (_state.RetryLoads)
            {
                // Unchanged, but a variant's model could not be read from storage last time: try it again.
                await ApplyLockedAsync(_state.Experiment, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (FormatException ex)
        {
            LogUnreadable(logger, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(logger, ex);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>Applies an experiment on this instance at once (after an admin wrote it), loading its variants' models.</summary>
    public async Task ApplyAsync(Experiment? experiment, CancellationToken cancellationToken = default)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The next refresh reads the blob once more (its ETag is new to us) and finds the same experiment.
            await ApplyLockedAsync(experiment, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    public void Dispose() => _refreshLock.Dispose();

    private async Task ApplyLockedAsync(Experiment? experiment, CancellationToken cancellationToken)
    {
        if (experiment is null)
        {
            _state = ExperimentState.None;
            return;
        }

        if (experiment.Id == _state.Experiment?.Id && !_state.RetryLoads)
        {
            return;
        }

        var models = new Dictionary<string, ServingModel>(StringComparer.Ordinal);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        bool retry = false;
        foreach (ExperimentVariant variant in experiment.Variants)
        {
            if (models.ContainsKey(variant.Version) || failures.ContainsKey(variant.Version))
            {
                continue;
            }

            // A version already in memory (the active one, or a variant of the previous split) is not loaded twice.
            ServingModel? active = cache.Current;
            ServingModel? inMemory = active?.Version == variant.Version ? active : _state.Models.GetValueOrDefault(variant.Version);
            if (inMemory is not null)
            {
                models[variant.Version] = inMemory;
                continue;
            }

            try
            {
                ModelPackage package = await repository.LoadAsync(variant.Version, cancellationToken).ConfigureAwait(false);
                models[variant.Version] = new ServingModel(package, time.GetUtcNow());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // InvalidDataException: a checksum or format failure, final for this experiment. Anything else is
                // storage, tried again at the next refresh. Meanwhile the active model serves the variant's users.
                bool final = ex is InvalidDataException;
                retry |= !final;
                failures[variant.Version] = final ? ex.Message : "its artifacts could not be read from storage";
                LogVariantFailed(logger, variant.Name, variant.Version, ex.Message);
            }
        }

        _state = new ExperimentState(experiment, models, failures) { RetryLoads = retry };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment variant {Variant}: model {Version} could not be loaded ({Reason}); its users are served by the active model")]
    private static partial void LogVariantFailed(ILogger logger, string variant, string version, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored experiment is unreadable ({Reason}); the previous one stays in force")]
    private static partial void LogUnreadable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment refresh failed; the previous experiment stays in force")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}

/// <summary>One consistent view: the experiment, its loaded models by version, and why a version failed to load.</summary>
public sealed record ExperimentState(Experiment? Experiment, IReadOnlyDictionary<string, ServingModel> Models, IReadOnlyDictionary<string, string> Failures)
{
    /// <summary>Whether a variant failed for a storage reason, so the next refresh loads it again.</summary>
    public bool RetryLoads { get; init; }

    public static ExperimentState None { get; } = new(null, new Dictionary<string, ServingModel>(), new Dictionary<string, string>());
}

/// <summary>The model that serves a request, the user's variant (null without an experiment), and whether the variant fell back to the active model.</summary>
public sealed record ServedBy(ServingModel Model, string? Variant, bool FellBack);
