using System.CommandLine;
using System.Globalization;
using Recommender.Core.Als;
using Recommender.Core.Data;
using Recommender.Core.Evaluation;
using Recommender.Core.Popularity;
using Recommender.Core.Serving;
using Recommender.Core.Signal;
using Recommender.Core.Training;

namespace Recommender.TrainingJob.Commands;

/// <summary>
/// <c>quality</c>: HR@K and NDCG@K (mean ± sd over seeds) of popularity, the training defaults and a few learning
/// signals on one leave-last-out split, then the similar-items hit rate of support filters and shrinkages, printed as
/// Markdown tables.
/// </summary>
internal static class QualityCommand
{
    private static readonly (string Name, SignalOptions Signal)[] _variants =
    [
        ("ALS, defaults (rating as strength)", new SignalOptions()),
        ("ALS, ratings >= 4 only", new SignalOptions { PositiveThreshold = 4 }),
        ("ALS, binary, ratings >= 4 only", new SignalOptions { PositiveThreshold = 4, Weighting = InteractionWeighting.Binary }),
        ("ALS, binary, ratings < 4 at 0.25", new SignalOptions { PositiveThreshold = 4, BelowThresholdWeight = 0.25f, Weighting = InteractionWeighting.Binary }),
        ("ALS, BM25", new SignalOptions { Weighting = InteractionWeighting.Bm25 }),
        ("ALS, TF-IDF", new SignalOptions { Weighting = InteractionWeighting.TfIdf }),
        ("ALS, recency half-life 5", new SignalOptions { RecencyHalfLife = 5 }),
        ("ALS, binary, ratings >= 4 only, recency half-life 5", new SignalOptions { PositiveThreshold = 4, Weighting = InteractionWeighting.Binary, RecencyHalfLife = 5 }),
    ];

    private static readonly int[] _minSupports = [0, 3, 5, 10, 20];
    private static readonly float[] _shrinkages = [0, 10, 25, 50];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var ratings = CliOptions.Required("--ratings", "Ratings file (CSV, MovieLens .dat/.data or Parquet)", "FILE");
        var items = CliOptions.Optional("--items", "Item catalogue for the titles of --similar-to: movieId,title,genres (CSV or Parquet), MovieLens movies.dat or u.item", "FILE");
        var seeds = CliOptions.Int("--seeds", 5, "Seeds (1..N) of the factor initialisation; figures are mean ± sd over them", 1, 100);
        var k = CliOptions.Int("--k", 10, "Metric cut-off", 1, 1000);
        var minRating = CliOptions.Double("--min-rating", 4.0, "Ratings at or above this are positives in evaluation", 0, 1e6);
        var tune = CliOptions.Int("--tune", 0, "Also report train --tune with this many seconds of search per seed (chosen on a validation split, test scored once); 0 skips it", 0, 86_400);
        var similarTo = CliOptions.Optional("--similar-to", "Item id whose similar items are listed with plain cosine and with the serving default", "ITEM");
        var als = new AlsOptionSet();
        var layout = new RatingsOptionSet();
        var command = new Command("quality", "Print HR@K and NDCG@K (mean ± sd over seeds) of popularity and ALS signals, and the similar-items hit rate")
        {
            ratings, items, seeds, k, minRating, tune, similarTo,
        };
        layout.AddTo(command);
        als.AddTo(command);
        command.SetAction(result =>
        {
            CancellationToken cancellationToken = CancellationToken.None;
            InteractionTable table = RatingsLoader.Load(result.GetValue(ratings)!, layout.Read(result), cancellationToken);
            if (result.GetValue(similarTo) is string wanted && !table.Items.TryGetIndex(wanted, out _))
            {
                throw new UsageException($"--similar-to: item '{wanted}' is not in the ratings.");
            }

            float threshold = (float)result.GetValue(minRating);
            int cutOff = result.GetValue(k);
            AlsOptions baseOptions = als.Read(result);
            EvaluationSplit split = new LeaveLastOutSplit(threshold).Split(table);
            CsrMatrix train = table.ToUserItemMatrix(split.TrainRows);
            CsrMatrix recency = RecencyRanks.Of(table, split.TrainRows);
            var heldOut = HeldOutSet.FromRows(table, split.TestRows);
            IAlsFitter fitter = AlsFitterFactory.Create("cpu");
            int seedCount = result.GetValue(seeds);
            stderr.WriteLine($"quality: {table.Count} interactions, {heldOut.Users.Count} test users, {seedCount} seeds, {baseOptions.Factors} factors, {baseOptions.Iterations} iterations, {fitter.Device.Name}");

            stdout.WriteLine(Invariant($"| Model | HR@{cutOff} | NDCG@{cutOff} |"));
            stdout.WriteLine("|---|---|---|");
            EvaluationReport popularity = Evaluator.Evaluate(PopularityModel.Build(table, split.TrainRows), train, heldOut, [cutOff]);
            stdout.WriteLine(Row("Popularity", [popularity.Get("hit", cutOff)], [popularity.Get("ndcg", cutOff)]));

            var similar = SimilarItemsHitRate.FromLeaveLastOut(table, threshold, split.TrainRows);
            List<SimilarItemsOptions> grid = Grid();
            var similarRates = new List<double[]>();
            foreach (var (name, signal) in _variants)
            {
                var hr = new double[seedCount];
                var ndcg = new double[seedCount];
                CsrMatrix fitOn = TrainingSignal.Apply(train, signal, recency);
                for (int s = 0; s < seedCount; s++)
                {
                    AlsFactors factors = fitter.Fit(fitOn, baseOptions with { Seed = s + 1 }, progress: null, cancellationToken);
                    EvaluationReport report = Evaluator.Evaluate(new FactorScorer(factors), train, heldOut, [cutOff]);
                    hr[s] = report.Get("hit", cutOff);
                    ndcg[s] = report.Get("ndcg", cutOff);
                    if (signal.IsIdentity)
                    {
                        similarRates.Add(similar.Measure(factors, cutOff, grid));
                    }
                }

                stdout.WriteLine(Row(name, hr, ndcg));
                stderr.WriteLine($"quality: {name} done");
            }

            if (result.GetValue(tune) is > 0 and int budget)
            {
                ReportTuned(stdout, stderr, table, threshold, train, recency, heldOut, fitter, baseOptions, seedCount, cutOff, budget, cancellationToken);
            }

            stdout.WriteLine();
            stdout.WriteLine(Invariant($"Similar items, held-out co-occurrence hit rate@{cutOff} ({similar.Pairs} anchor/held-out pairs, ALS defaults, mean ± sd over {seedCount} seeds):"));
            stdout.WriteLine();
            stdout.WriteLine("| Min support | " + string.Join(" | ", _shrinkages.Select(x => Invariant($"shrinkage {x}"))) + " |");
            stdout.WriteLine("|---|" + string.Concat(_shrinkages.Select(_ => "---|")));
            for (int m = 0; m < _minSupports.Length; m++)
            {
                var cells = new List<string>();
                for (int h = 0; h < _shrinkages.Length; h++)
                {
                    int o = (m * _shrinkages.Length) + h;
                    cells.Add(MeanSd(similarRates.Select(r => r[o]).ToArray()));
                }

                stdout.WriteLine(Invariant($"| {_minSupports[m]} | ") + string.Join(" | ", cells) + " |");
            }

            if (result.GetValue(similarTo) is string anchor)
            {
                ListSimilar(stdout, table, result.GetValue(items), anchor, fitter, baseOptions, cutOff, cancellationToken);
            }

            return 0;
        });
        return command;
    }

    /// <summary>For each seed: search on the validation split, fit the chosen point on the training split, score the test split once.</summary>
    private static void ReportTuned(
        TextWriter stdout, TextWriter stderr, InteractionTable table, float threshold, CsrMatrix train, CsrMatrix recency, HeldOutSet heldOut, IAlsFitter fitter, AlsOptions baseOptions,
        int seedCount, int cutOff, int budget, CancellationToken cancellationToken)
    {
        EvaluationSplit validationSplit = new LeaveLastOutSplit(threshold, holdOutValidation: true).Split(table);
        var tuner = new AlsTuner(fitter, cutOff);
        var hr = new double[seedCount];
        var ndcg = new double[seedCount];
        for (int s = 0; s < seedCount; s++)
        {
            var (trials, best, als, signal, _) = tuner.Search(table, validationSplit, baseOptions with { Seed = s + 1 }, new SignalOptions(), TimeSpan.FromSeconds(budget), s + 1, cancellationToken);
            AlsFactors factors = fitter.Fit(TrainingSignal.Apply(train, signal, recency), als, progress: null, cancellationToken);
            EvaluationReport report = Evaluator.Evaluate(new FactorScorer(factors), train, heldOut, [cutOff]);
            hr[s] = report.Get("hit", cutOff);
            ndcg[s] = report.Get("ndcg", cutOff);
            TuningTrial chosen = trials[best];
            stderr.WriteLine(Invariant($"quality: tune seed {s + 1}: {trials.Count} trials, chosen factors={chosen.Factors} iterations={chosen.Iterations} regularization={chosen.Regularization} reg-exponent={chosen.RegularizationExponent} unobserved-weight={chosen.UnobservedWeight} init-scale={chosen.InitScale} alpha={chosen.Alpha} signal={chosen.Signal} validation ndcg={chosen.ValidationNdcg:F4}, test ndcg={ndcg[s]:F4}"));
        }

        stdout.WriteLine(Row(Invariant($"ALS, --tune {budget} (chosen on validation)"), hr, ndcg));
    }

    private static List<SimilarItemsOptions> Grid()
    {
        var grid = new List<SimilarItemsOptions>();
        foreach (int minSupport in _minSupports)
        {
            foreach (float shrinkage in _shrinkages)
            {
                grid.Add(new SimilarItemsOptions { MinSupport = minSupport, Shrinkage = shrinkage });
            }
        }

        return grid;
    }

    /// <summary>The similar items of one item, from a fit on every interaction, with plain cosine and with the serving default.</summary>
    private static void ListSimilar(TextWriter stdout, InteractionTable table, string? itemsPath, string itemId, IAlsFitter fitter, AlsOptions options, int k, CancellationToken cancellationToken)
    {
        if (!table.Items.TryGetIndex(itemId, out int item))
        {
            throw new UsageException($"--similar-to: item '{itemId}' is not in the ratings.");
        }

        ItemCatalog? catalog = itemsPath is null ? null : ItemCatalog.Load(itemsPath, 0.01, cancellationToken);
        var allRows = new int[table.Count];
        for (int i = 0; i < allRows.Length; i++)
        {
            allRows[i] = i;
        }

        AlsFactors factors = fitter.Fit(table.ToUserItemMatrix(allRows), options, progress: null, cancellationToken);
        var support = new int[table.Items.Count];
        foreach (int i in table.ItemIndices)
        {
            support[i]++;
        }

        foreach (SimilarItemsOptions similar in (SimilarItemsOptions[])[SimilarItemsOptions.PlainCosine, SimilarItemsOptions.Default])
        {
            stdout.WriteLine();
            stdout.WriteLine(Invariant($"Similar to {Title(catalog, itemId)} (min support {similar.MinSupport}, shrinkage {similar.Shrinkage}), seed {options.Seed}, fit on every interaction:"));
            stdout.WriteLine();
            var scores = new float[table.Items.Count];
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(factors.Item(item));
            for (int i = 0; i < scores.Length; i++)
            {
                float denominator = norm * System.Numerics.Tensors.TensorPrimitives.Norm(factors.Item(i));
                scores[i] = denominator > 0 ? System.Numerics.Tensors.TensorPrimitives.Dot(factors.Item(item), factors.Item(i)) / denominator : float.NegativeInfinity;
            }

            similar.Adjust(scores, support);
            scores[item] = float.NegativeInfinity;
            var top = new int[k];
            int count = TopKSelector.Select(scores, top);
            for (int r = 0; r < count; r++)
            {
                string id = table.Items[top[r]];
                stdout.WriteLine(Invariant($"{r + 1}. {Title(catalog, id)} ({support[top[r]]} ratings)"));
            }
        }
    }

    private static string Title(ItemCatalog? catalog, string id) => catalog is not null && catalog.TryGetTitle(id, out string title) ? title : id;

    private static string Row(string name, double[] hr, double[] ndcg) => $"| {name} | {MeanSd(hr)} | {MeanSd(ndcg)} |";

    private static string MeanSd(double[] values)
    {
        double mean = values.Average();
        double variance = values.Length < 2 ? 0 : values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return Invariant($"{mean:F4} ± {Math.Sqrt(variance):F4}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
