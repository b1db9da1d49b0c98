using System.Diagnostics;
using System.Security.Cryptography;
using Recommender.Core.Als;
using Recommender.Core.Artifacts;
using Recommender.Core.Data;
using Recommender.Core.Data.Quality;
using Recommender.Core.Evaluation;
using Recommender.Core.Feedback;
using Recommender.Core.Popularity;
using Recommender.Core.Signal;
using Recommender.Core.Training;
using Recommender.Core.Training.Drift;

namespace Recommender.TrainingJob.Training;

/// <summary>
/// One training run: load, split, fit, evaluate against popularity and the live model, publish the version,
/// and move current.json only when the promotion gate passes.
/// </summary>
public sealed class TrainingRun(TrainSettings settings, IInputFiles inputs, ModelRepository repository, TextWriter progress)
{
    /// <summary>The feedback table to merge into the ratings; null to train on the ratings alone.</summary>
    public FeedbackLog? Feedback { get; init; }

    /// <summary>How feedback events change training strengths.</summary>
    public FeedbackWeights Weights { get; init; } = new();

    /// <summary>Runs the whole pipeline and returns the summary; throws with a one-line reason on failure.</summary>
    public async Task<TrainingOutcome> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        string version = ModelVersion.NewId(DateTimeOffset.UtcNow);

        // Load.
        var phase = Stopwatch.StartNew();
        byte[] ratingsBytes = await inputs.ReadAllBytesAsync(settings.Ratings, cancellationToken).ConfigureAwait(false);
        InteractionTable table = RatingsLoader.Load(new MemoryStream(ratingsBytes, writable: false), settings.Ratings, settings.Loader with { MaxRejectRate = settings.MaxRejectRate }, cancellationToken);
        InteractionTable loaded = table;
        ItemCatalog? catalog = null;
        if (settings.Items is not null)
        {
            byte[] itemBytes = await inputs.ReadAllBytesAsync(settings.Items, cancellationToken).ConfigureAwait(false);
            catalog = ItemCatalog.Load(new MemoryStream(itemBytes, writable: false), settings.Items, settings.MaxRejectRate, cancellationToken);
        }

        long feedbackEvents = 0;
        DateTimeOffset? feedbackReadAt = null;
        if (Feedback is not null)
        {
            // Taken before the read: an event logged during it may be counted again at serving time, never lost.
            feedbackReadAt = DateTimeOffset.UtcNow;
            var events = new List<FeedbackEvent>();
            await foreach (FeedbackEvent e in Feedback.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(e);
            }

            feedbackEvents = events.Count;
            // A like counts as a positive by the data set's own threshold, whatever signal the fit then uses.
            table = FeedbackMerger.Merge(table, events, Weights with { PositiveFloor = Weights.PositiveFloor ?? settings.MinRating });
            progress.WriteLine($"feedback: merged {feedbackEvents} events from table storage");
        }

        int rowsBeforePruning = table.Count;
        if (settings.KCore.Users > 1 || settings.KCore.Items > 1)
        {
            table = KCore.Prune(table, settings.KCore.Users, settings.KCore.Items);
            progress.WriteLine($"k-core: kept {table.Count} of {rowsBeforePruning} interactions (users >= {settings.KCore.Users}, items >= {settings.KCore.Items} interactions)");
        }

        double loadSeconds = phase.Elapsed.TotalSeconds;
        progress.WriteLine($"load: {table.Count} interactions, {table.Users.Count} users, {table.Items.Count} items, {table.Report.Rejected} rejected rows ({loadSeconds:F2}s)");

        // Split and fit on the training part only, so the held-out data is unseen by the candidate.
        IEvaluationSplitter splitter = settings.Split switch
        {
            "leave-last-out" => new LeaveLastOutSplit(settings.MinRating),
            "ratio" => new RatioSplit(minRating: settings.MinRating),
            _ => throw new ArgumentException($"Unknown split '{settings.Split}': use leave-last-out or ratio."),
        };
        EvaluationSplit split = splitter.Split(table);
        CsrMatrix train = table.ToUserItemMatrix(split.TrainRows);
        IAlsFitter fitter = AlsFitterFactory.Create(settings.Device);
        var (als, signal, hyperparametersFrom) = settings.FromLive
            ? await LiveStartingPointAsync(cancellationToken).ConfigureAwait(false)
            : (settings.Als, settings.Signal, null);
        TuningInfo? tuning = null;
        if (settings.TuneSeconds > 0)
        {
            (als, signal, tuning) = Tune(table, fitter, als, signal, cancellationToken);
        }

        progress.WriteLine($"fit: {train.NonZeros} training pairs on {fitter.Device.Kind} ({fitter.Device.Name}, {fitter.Device.ComputeUnits} compute units)");
        phase.Restart();
        var iterationSeconds = new List<double>();
        var reporter = new SynchronousProgress<AlsIterationReport>(report =>
        {
            iterationSeconds.Add(report.Seconds);
            string loss = report.Loss is double l ? $" loss={l:G6}" : string.Empty;
            progress.WriteLine($"iteration {report.Iteration}/{als.Iterations}{loss} {report.Seconds:F3}s elapsed={phase.Elapsed.TotalSeconds:F1}s");
        });
        // The fit sees the weighted signal; evaluation and serving mask the raw interactions, so an item a user rated
        // low is still never recommended back to them.
        CsrMatrix fitted = TrainingSignal.Apply(train, signal, RecencyOf(table, split.TrainRows, signal), out SignalStatistics? statistics);
        AlsFactors factors = fitter.Fit(fitted, als, reporter, cancellationToken);
        double fitSeconds = phase.Elapsed.TotalSeconds;
        string metricKey = $"ndcg@{settings.Ks[0]}";

        // Evaluate the candidate, the popularity baseline and the live model on the same held-out interactions.
        phase.Restart();
        var heldOut = HeldOutSet.FromRows(table, split.TestRows);
        var popularity = PopularityModel.Build(table, split.TrainRows);
        var candidateScorer = new FactorScorer(factors);
        EvaluationReport candidate = Evaluator.Evaluate(candidateScorer, train, heldOut, settings.Ks);
        EvaluationReport baseline = Evaluator.Evaluate(popularity, train, heldOut, settings.Ks);
        var gate = new PromotionGate(metricKey, settings.MinImprove, settings.MinLiftOverPopularity, settings.MinTestUsers);
        LiveComparison? live = await LiveComparison.EvaluateAsync(repository, table, train, split.TestRows, candidateScorer, settings.Ks, gate.MinTestUsers, cancellationToken).ConfigureAwait(false);
        double evaluateSeconds = phase.Elapsed.TotalSeconds;
        progress.WriteLine($"evaluate: {metricKey} als={candidate.Metrics[metricKey]:F4} popularity={baseline.Metrics[metricKey]:F4}" +
            (live is null ? string.Empty : $" live={live.Live.Score:F4} on {live.Basis}") + $" ({candidate.UsersEvaluated} test users)");

        // The gate decides on the held-out evaluation of the training-split fit, before anything is published.
        PromotionDecision verdict = gate.Judge(new CandidateEvidence(candidate.Metrics[metricKey], baseline.Metrics[metricKey], candidate.UsersEvaluated), live?.Live);

        // Serve what the data knows: refit on every interaction with the same hyperparameters and seed, so each
        // user's latest interactions (the held-out ones) reach the served model.
        var allRows = new int[table.Count];
        for (int i = 0; i < allRows.Length; i++)
        {
            allRows[i] = i;
        }

        CsrMatrix all = table.ToUserItemMatrix(allRows);

        // What the input held, and how far the candidate drifted from the live version: drift beyond the thresholds
        // blocks promotion like the gate's other refusals (unless allowed), and both reports are published.
        var dataQuality = DataQualityReport.Build(loaded, settings.MaxRejectRate, live?.Model.Version, live?.Model.Users, live?.Model.Items);
        DriftReport? drift = live is null ? null : DriftCheck.Measure(live.Model, table, all, train, candidateScorer, heldOut.Users, settings.Ks[0], settings.Drift, settings.AllowDrift);
        verdict = DriftCheck.Judge(verdict, drift);
        progress.WriteLine(DescribeQuality(dataQuality.Summary));
        if (drift is not null)
        {
            progress.WriteLine(DescribeDrift(drift));
        }
        double refitSeconds = 0;
        if (settings.Refit)
        {
            phase.Restart();
            progress.WriteLine($"refit: {all.NonZeros} pairs (every interaction) with the same hyperparameters and seed");
            fitted = TrainingSignal.Apply(all, signal, RecencyOf(table, allRows, signal), out statistics);
            factors = fitter.Fit(fitted, als, progress: null, cancellationToken);
            refitSeconds = phase.Elapsed.TotalSeconds;
        }

        // Publish: the served model masks everything the user has interacted with, held-out included.
        var manifest = new ModelManifest
        {
            Version = version,
            CreatedAt = DateTimeOffset.UtcNow,
            GitCommit = GitInfo.Commit(),
            Dataset = new DatasetInfo
            {
                Path = settings.Ratings,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(ratingsBytes)),
                Rows = table.Report.RowsRead,
                RejectedRows = RejectCounts(table.Report),
                Users = table.Users.Count,
                Items = table.Items.Count,
                Positives = table.RowsWithValueAtLeast(allRows, settings.MinRating).Length,
                FeedbackEvents = feedbackEvents,
                FeedbackReadAt = feedbackReadAt,
            },
            Hyperparameters = Hyperparameters(als, fitter),
            Split = new SplitInfo { Protocol = split.Protocol, MinRating = settings.MinRating, TrainInteractions = split.TrainRows.Length, TestUsers = candidate.UsersEvaluated, K = settings.Ks },
            Metrics = candidate.Metrics,
            Baseline = new BaselineInfo { Popularity = baseline.Metrics },
            Timings = new TimingInfo { Load = loadSeconds, Fit = fitSeconds, SecondsPerIteration = IterationTimes.Median(iterationSeconds), Evaluate = evaluateSeconds },
            Device = new DeviceSummary(fitter.Device.Kind, fitter.Device.Name, fitter.Device.Vendor, fitter.Device.ComputeUnits),
            Signal = new SignalInfo
            {
                Weighting = signal.Weighting.ToString().ToLowerInvariant(),
                PositiveThreshold = signal.PositiveThreshold,
                BelowThresholdWeight = signal.BelowThresholdWeight,
                Bm25K1 = signal.Bm25K1,
                Bm25B = signal.Bm25B,
                Bm25AverageLength = statistics?.UserLengths is null ? null : statistics.AverageLength,
                RecencyHalfLife = signal.RecencyHalfLife,
                MinUserInteractions = settings.KCore.Users,
                MinItemInteractions = settings.KCore.Items,
                PrunedRows = rowsBeforePruning - table.Count,
            },
            HyperparametersFrom = hyperparametersFrom,
            Tuning = tuning,
            Gate = new GateInfo { Passed = verdict.Promoted, Reason = verdict.Reason, MinImprove = gate.MinImprove, MinLiftOverPopularity = gate.MinLiftOverPopularity, MinTestUsers = gate.MinTestUsers },
            Fit = new FitInfo
            {
                Published = settings.Refit ? FitInfo.AllInteractions : FitInfo.TrainingSplit,
                Interactions = settings.Refit ? all.NonZeros : train.NonZeros,
                RefitSeconds = refitSeconds,
            },
            DataQuality = dataQuality.Summary,
            Drift = drift,
            Artifacts = [],
        };
        var servingPopularity = PopularityModel.Build(table, allRows);
        var package = new ModelPackage(manifest, factors, table.Users, table.Items, all, servingPopularity.Scores.ToArray(), Titles(table.Items, catalog))
        {
            // The exact table the model was fitted on (feedback merged), so the version can be audited and trained again.
            TrainingSet = table,
            DataQuality = dataQuality,

            // The published fit's confidences, so serving can re-solve a known user exactly when new feedback arrives.
            SeenConfidence = SeenConfidence.Of(all, fitted, als),

            // The published fit's TF-IDF/BM25 statistics, so serving weighs feedback per item (and per history length) as the fit did.
            SignalItemIdf = statistics?.ItemIdf,
            SignalUserLengths = statistics?.UserLengths,
            Genres = catalog is null ? null : Genres(table.Items, catalog),
        };
        await repository.PublishAsync(package, cancellationToken).ConfigureAwait(false);
        progress.WriteLine($"publish: {version} written to {repository.Store.Location} ({manifest.Fit.Published} fit)");

        // Promote only through the gate, and only over the exact current.json that was evaluated (If-Match on its
        // ETag); a version that failed the gate stays published but inactive, its reason in the manifest.
        PromotionDecision decision = await PromotionGate.PromoteAsync(repository, version, verdict, live?.Live, cancellationToken).ConfigureAwait(false);
        bool promoted = decision.Promoted;
        string reason = decision.Reason;
        progress.WriteLine($"promotion: {reason}");
        return new TrainingOutcome
        {
            Version = version,
            Store = repository.Store.Location,
            Promoted = promoted,
            Reason = reason,
            Metrics = candidate.Metrics,
            Popularity = baseline.Metrics,
            LiveVersion = live?.Live.Version,
            LiveMetrics = live?.Metrics,
            PublishedFit = manifest.Fit.Published,
            DataQuality = dataQuality.Summary,
            Drift = drift,
            SecondsPerIteration = manifest.Timings.SecondsPerIteration,
            TotalSeconds = total.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// The live version's recorded hyperparameters and learning signal, with this run's threads and loss flag, and the
    /// version they came from; the given options (and no version) when nothing is live. A nightly retrain started this
    /// way keeps a tuned point instead of falling back to the defaults, which the gate would then refuse night after night.
    /// </summary>
    private async Task<(AlsOptions Als, SignalOptions Signal, string? From)> LiveStartingPointAsync(CancellationToken cancellationToken)
    {
        var current = await repository.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            progress.WriteLine("from-live: no live version; training with the given options");
            return (settings.Als, settings.Signal, null);
        }

        string version = current.Value.Pointer.Version;
        ModelManifest manifest = await repository.GetManifestAsync(version, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"from-live: the live version {version} has no manifest.");
        AlsOptions als = RecordedOptions.Als(manifest.Hyperparameters) with { Threads = settings.Als.Threads, ComputeLoss = settings.Als.ComputeLoss };
        SignalOptions signal = manifest.Signal is SignalInfo recorded ? RecordedOptions.Signal(recorded) : new SignalOptions();
        progress.WriteLine($"from-live: hyperparameters and signal of {version}: factors={als.Factors} iterations={als.Iterations} regularization={als.Regularization} reg-exponent={als.RegularizationExponent} alpha={als.Alpha} signal={AlsTuner.Describe(signal)}");
        return (als, signal, version);
    }

    /// <summary>
    /// Searches from <paramref name="start"/> and <paramref name="startSignal"/> on a validation split carved from the
    /// training split (each user's two latest training positives); the test rows are the same as the evaluation's and
    /// are not read here.
    /// </summary>
    private (AlsOptions Als, SignalOptions Signal, TuningInfo Info) Tune(InteractionTable table, IAlsFitter fitter, AlsOptions start, SignalOptions startSignal, CancellationToken cancellationToken)
    {
        if (settings.Split != "leave-last-out")
        {
            throw new ArgumentException("--tune needs --split leave-last-out: the validation split is each user's latest training positive.");
        }

        EvaluationSplit validationSplit = new LeaveLastOutSplit(settings.MinRating, holdOutValidation: true).Split(table);
        var tuner = new AlsTuner(fitter, settings.Ks[0]);
        progress.WriteLine($"tune: searching for {settings.TuneSeconds}s on {validationSplit.ValidationRows.Length} validation positives");
        var (trials, best, als, signal, validationUsers) = tuner.Search(table, validationSplit, start, startSignal, TimeSpan.FromSeconds(settings.TuneSeconds), start.Seed, cancellationToken);
        TuningTrial chosen = trials[best];
        progress.WriteLine($"tune: {trials.Count} trials scored on {validationUsers} validation users; chosen factors={chosen.Factors} iterations={chosen.Iterations} regularization={chosen.Regularization} reg-exponent={chosen.RegularizationExponent} unobserved-weight={chosen.UnobservedWeight} init-scale={chosen.InitScale} alpha={chosen.Alpha} signal={chosen.Signal} validation ndcg={chosen.ValidationNdcg:F4}");
        var info = new TuningInfo { BudgetSeconds = settings.TuneSeconds, ValidationUsers = validationUsers, Trials = trials, Best = best };
        return (als, signal, info);
    }

    /// <summary>The recency ranks of the rows when the signal weighs by recency; null otherwise (they are not needed).</summary>
    private static CsrMatrix? RecencyOf(InteractionTable table, ReadOnlySpan<int> rows, SignalOptions signal) =>
        signal.RecencyHalfLife is null ? null : RecencyRanks.Of(table, rows);

    private static HyperparameterInfo Hyperparameters(AlsOptions als, IAlsFitter fitter) => new()
    {
        Factors = als.Factors,
        Iterations = als.Iterations,
        Regularization = als.Regularization,
        Alpha = als.Alpha,
        Confidence = als.Confidence == ConfidenceScaling.Log ? "log" : "linear",
        Epsilon = als.Epsilon,
        CgSteps = als.CgSteps,
        Solver = als.Solver == AlsSolverKind.Cholesky ? "cholesky" : "cg",
        Seed = als.Seed,
        Threads = als.Threads,
        RegularizationExponent = als.RegularizationExponent,
        UnobservedWeight = als.UnobservedWeight,
        InitScale = als.InitScale,
    };

    private static Dictionary<string, long> RejectCounts(RejectReport report)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in report.RejectedByReason)
        {
            counts[reason.ToString()] = count;
        }

        counts["DuplicatesMerged"] = report.DuplicatesMerged;
        return counts;
    }

    private static string DescribeQuality(DataQualitySummary quality) =>
        $"data quality: {quality.RowsRead} rows, {quality.Rejected} rejected ({quality.RejectRate * 100:0.00}%), {quality.DuplicatesMerged} duplicates merged" +
        (quality.LiveVersion is null ? string.Empty : $", {quality.NewUsers} new users and {quality.NewItems} new items since {quality.LiveVersion}");

    private static string DescribeDrift(DriftReport drift) =>
        $"drift: popularity PSI={drift.PopularityPsi:F3} top-{drift.Thresholds.TopItems} overlap={drift.TopItemsOverlap:F2} " +
        $"exposure Gini {drift.LiveExposureGini:F3}->{drift.ExposureGini:F3} coverage@{drift.K} {drift.LiveCoverage:F3}->{drift.Coverage:F3} on {drift.UsersCompared} users" +
        (drift.Exceeded.Count == 0 ? string.Empty : $"; beyond thresholds: {string.Join("; ", drift.Exceeded)}");

    private static ItemGenres Genres(IdMap items, ItemCatalog catalog)
    {
        var genres = new string[items.Count][];
        for (int i = 0; i < genres.Length; i++)
        {
            genres[i] = catalog.TryGetGenres(items[i], out IReadOnlyList<string> listed) ? [.. listed] : [];
        }

        return new ItemGenres(genres);
    }

    private static string[] Titles(IdMap items, ItemCatalog? catalog)
    {
        var titles = new string[items.Count];
        for (int i = 0; i < titles.Length; i++)
        {
            titles[i] = catalog is not null && catalog.TryGetTitle(items[i], out string title) ? title : string.Empty;
        }

        return titles;
    }
}
