using Recommender.Core.Als;
using Recommender.Core.Data;
using Recommender.Core.Signal;
using Recommender.Core.Training.Drift;

namespace Recommender.TrainingJob.Training;

/// <summary>Everything one <c>train</c> run needs, after the command line has been validated.</summary>
public sealed record TrainSettings
{
    /// <summary>Ratings file: a local path, or <c>blob:container/path</c> with a storage connection.</summary>
    public required string Ratings { get; init; }

    /// <summary>Optional item catalogue (MovieLens movies.csv), same addressing as <see cref="Ratings"/>.</summary>
    public string? Items { get; init; }

    public AlsOptions Als { get; init; } = new();

    /// <summary>How ratings become the training signal (threshold, weighting). Default: strengths as they are.</summary>
    public SignalOptions Signal { get; init; } = new();

    /// <summary>Minimum interactions per user and per item, pruned iteratively before the split. Default (0, 0): none.</summary>
    public (int Users, int Items) KCore { get; init; }

    /// <summary>Ratings at or above this are positives for evaluation. Default 4.</summary>
    public float MinRating { get; init; } = 4f;

    /// <summary>Cut-offs for metrics; the first is the promotion metric's K. Default [10].</summary>
    public IReadOnlyList<int> Ks { get; init; } = [10];

    /// <summary>NDCG@K the candidate must gain over the live model to be promoted. Default 0.</summary>
    public double MinImprove { get; init; }

    /// <summary>Relative margin over the popularity baseline's NDCG@K a candidate needs to be promoted. Default 0.1 (10%).</summary>
    public double MinLiftOverPopularity { get; init; } = 0.1;

    /// <summary>Fewest evaluated (held-out) users the gate trusts. Default 50.</summary>
    public int MinTestUsers { get; init; } = 50;

    /// <summary>Seconds of hyperparameter search on a validation split before the fit; 0 (default) trains with the given options.</summary>
    public int TuneSeconds { get; init; }

    /// <summary>
    /// Start from the live version's recorded hyperparameters and learning signal instead of <see cref="Als"/> and
    /// <see cref="Signal"/> (threads and the loss flag still come from <see cref="Als"/>); with <see cref="TuneSeconds"/>,
    /// the search starts there. Without a live version the given options apply.
    /// </summary>
    public bool FromLive { get; init; }

    /// <summary>After the gate, refit on every interaction and publish that fit. Default true.</summary>
    public bool Refit { get; init; } = true;

    /// <summary>auto, cpu, cuda[:N], opencl[:N] or ilgpu-cpu (parsed by AlsFitterFactory in core).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Share of malformed rows that fails the run. Default 0.01.</summary>
    public double MaxRejectRate { get; init; } = 0.01;

    /// <summary>Thresholds of drift from the live version beyond which the candidate is not promoted.</summary>
    public DriftThresholds Drift { get; init; } = new();

    /// <summary>Promote a candidate that passes the gate even when it drifted beyond <see cref="Drift"/>. Default false.</summary>
    public bool AllowDrift { get; init; }

    /// <summary>How to read the ratings file (format, generic CSV column names, rating range, id rule); the reject limit comes from <see cref="MaxRejectRate"/>.</summary>
    public RatingsLoadOptions Loader { get; init; } = new();

    /// <summary>leave-last-out (default) or ratio.</summary>
    public string Split { get; init; } = "leave-last-out";

    /// <summary>Merge the feedback table into the ratings (needs a storage connection).</summary>
    public bool UseFeedback { get; init; }
}
