namespace Recommender.Core.Artifacts;

/// <summary>Provenance of one model version: data, hyperparameters, split, metrics, timings and artifact checksums.</summary>
public sealed record ModelManifest
{
    public required string Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string? GitCommit { get; init; }

    public required DatasetInfo Dataset { get; init; }

    public required HyperparameterInfo Hyperparameters { get; init; }

    public required SplitInfo Split { get; init; }

    /// <summary>ALS metrics on the held-out data, keyed like "ndcg@10".</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public required BaselineInfo Baseline { get; init; }

    public required TimingInfo Timings { get; init; }

    public required DeviceSummary Device { get; init; }

    /// <summary>The promotion gate's verdict on the held-out evaluation; null in versions written before it was recorded.</summary>
    public GateInfo? Gate { get; init; }

    /// <summary>How the ratings became the training signal; null in older versions (strengths as they were).</summary>
    public SignalInfo? Signal { get; init; }

    /// <summary>
    /// The live version whose recorded hyperparameters and learning signal the run started from (<c>train --from-live</c>);
    /// null when it started from its own options.
    /// </summary>
    public string? HyperparametersFrom { get; init; }

    /// <summary>The hyperparameter search of <c>train --tune</c>: every trial and the chosen one; null without tuning.</summary>
    public TuningInfo? Tuning { get; init; }

    /// <summary>Which fit the factors are: the evaluated training-split fit or the refit on every interaction; null in older versions.</summary>
    public FitInfo? Fit { get; init; }

    /// <summary>What the ratings input held and what was rejected; the examples are in <see cref="ArtifactNames.DataQuality"/>. Null in older versions.</summary>
    public Data.Quality.DataQualitySummary? DataQuality { get; init; }

    /// <summary>Drift from the version that was live when this one was trained; null for a first model and in older versions.</summary>
    public Training.Drift.DriftReport? Drift { get; init; }

    /// <summary>Every artifact of the version except the manifest itself.</summary>
    public required IReadOnlyList<ArtifactEntry> Artifacts { get; init; }
}

/// <summary>Where the training data came from and what was in it.</summary>
public sealed record DatasetInfo
{
    public required string Path { get; init; }

    public required string Sha256 { get; init; }

    public required long Rows { get; init; }

    public required IReadOnlyDictionary<string, long> RejectedRows { get; init; }

    public required int Users { get; init; }

    public required int Items { get; init; }

    public required long Positives { get; init; }

    /// <summary>Feedback events merged from table storage (0 when none were read).</summary>
    public long FeedbackEvents { get; init; }

    /// <summary>
    /// When the run started reading the feedback table: events logged before it are in the training data, later ones
    /// update known users at serving time. Null when the run read no feedback table (or in older versions).
    /// </summary>
    public DateTimeOffset? FeedbackReadAt { get; init; }
}

/// <summary>The ALS hyperparameters the version was trained with.</summary>
public sealed record HyperparameterInfo
{
    public required int Factors { get; init; }

    public required int Iterations { get; init; }

    public required float Regularization { get; init; }

    public required float Alpha { get; init; }

    public required string Confidence { get; init; }

    public required float Epsilon { get; init; }

    public required int CgSteps { get; init; }

    public required string Solver { get; init; }

    public required int Seed { get; init; }

    public required int Threads { get; init; }

    /// <summary>Exponent of frequency-scaled regularisation (0, the default and in older versions: plain lambda).</summary>
    public float RegularizationExponent { get; init; }

    /// <summary>Weight of the implicit zeros (1, the default and in older versions).</summary>
    public float UnobservedWeight { get; init; } = 1f;

    /// <summary>Upper end of the uniform initial factors (0.01, the default and in older versions).</summary>
    public float InitScale { get; init; } = 0.01f;
}

/// <summary>How the held-out data was chosen.</summary>
public sealed record SplitInfo
{
    public required string Protocol { get; init; }

    public required double MinRating { get; init; }

    public required long TrainInteractions { get; init; }

    /// <summary>Users actually evaluated: those with at least one held-out positive.</summary>
    public required int TestUsers { get; init; }

    public required IReadOnlyList<int> K { get; init; }
}

/// <summary>The learning signal: k-core pruning, the rating-to-preference step and the weighting.</summary>
public sealed record SignalInfo
{
    /// <summary>none, binary, bm25 or tfidf.</summary>
    public required string Weighting { get; init; }

    /// <summary>Ratings at or above this were positive preferences; null: every interaction was.</summary>
    public float? PositiveThreshold { get; init; }

    public required float BelowThresholdWeight { get; init; }

    public required float Bm25K1 { get; init; }

    public required float Bm25B { get; init; }

    /// <summary>
    /// Under BM25: the average user length in the published fit's matrix (with <see cref="ArtifactNames.SignalUserLengths"/>);
    /// null under other weightings and in older versions.
    /// </summary>
    public float? Bm25AverageLength { get; init; }

    /// <summary>A user's n-th latest interaction weighed 0.5^(n / half-life); null: no recency weighting.</summary>
    public float? RecencyHalfLife { get; init; }

    public required int MinUserInteractions { get; init; }

    public required int MinItemInteractions { get; init; }

    /// <summary>Rows removed by k-core pruning.</summary>
    public required long PrunedRows { get; init; }
}

/// <summary>A budgeted search on a validation split carved from the training split; the test split scored only the chosen point.</summary>
public sealed record TuningInfo
{
    public required double BudgetSeconds { get; init; }

    /// <summary>
    /// Users each trial was scored on: those with validation positives (each user's two latest training positives,
    /// one always staying in training), at most <see cref="Training.AlsTuner.DefaultMaxValidationUsers"/> of them spread evenly.
    /// </summary>
    public required int ValidationUsers { get; init; }

    public required IReadOnlyList<Training.TuningTrial> Trials { get; init; }

    /// <summary>Index of the chosen trial in <see cref="Trials"/>.</summary>
    public required int Best { get; init; }
}

/// <summary>The promotion gate's thresholds and its verdict, in a sentence.</summary>
public sealed record GateInfo
{
    public required bool Passed { get; init; }

    public required string Reason { get; init; }

    public required double MinImprove { get; init; }

    public required double MinLiftOverPopularity { get; init; }

    public required int MinTestUsers { get; init; }
}

/// <summary>
/// Which fit was published. <see cref="ModelManifest.Metrics"/> always come from the fit on the training split;
/// "all-interactions" means the served factors were then refitted on every interaction with the same
/// hyperparameters and seed.
/// </summary>
public sealed record FitInfo
{
    public const string AllInteractions = "all-interactions";

    public const string TrainingSplit = "training-split";

    /// <summary>The published fit's training set: "all-interactions" or "training-split".</summary>
    public required string Published { get; init; }

    /// <summary>Interactions the published fit was trained on.</summary>
    public required long Interactions { get; init; }

    /// <summary>Wall-clock seconds of the refit (0 when the training-split fit was published).</summary>
    public required double RefitSeconds { get; init; }
}

/// <summary>Baseline metrics on the same split.</summary>
public sealed record BaselineInfo
{
    public required IReadOnlyDictionary<string, double> Popularity { get; init; }
}

/// <summary>Wall-clock seconds of each training phase.</summary>
public sealed record TimingInfo
{
    public required double Load { get; init; }

    public required double Fit { get; init; }

    public required double SecondsPerIteration { get; init; }

    public required double Evaluate { get; init; }
}

/// <summary>The compute device that fitted the model.</summary>
public sealed record DeviceSummary(string Kind, string Name, string Vendor, int ComputeUnits);

/// <summary>One stored file of a model version with its size and SHA-256 (lower-case hex).</summary>
public sealed record ArtifactEntry(string Name, long Bytes, string Sha256);
