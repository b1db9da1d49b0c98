using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Recommender.TrainingJob.Training;

namespace Recommender.TrainingJob.Commands;

/// <summary><c>train</c>: fits, evaluates, publishes a version and promotes it when it beats the live model.</summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var ratings = CliOptions.Required("--ratings", "Ratings file: CSV, MovieLens .dat/.data or Parquet; a local path or blob:container/path", "FILE");
        var items = CliOptions.Optional("--items", "Item catalogue for titles: movieId,title,genres (CSV or Parquet), MovieLens movies.dat or u.item; same addressing as --ratings", "FILE");
        var minRating = CliOptions.Double("--min-rating", 4.0, "Ratings at or above this are positives in evaluation", 0, 1e6);
        var k = CliOptions.Text("--k", "10", "Metric cut-offs, comma separated; the first is the promotion metric's K (1 to 1000 each)", "K[,K...]");
        k.Validators.Add(result =>
        {
            if (TryParseKs(result.GetValueOrDefault<string>(), out string? error) is null)
            {
                result.AddError(error!);
            }
        });
        var minImprove = CliOptions.Double("--min-improve", 0, "NDCG@K the candidate must gain over the live model to be promoted", -1, 1);
        var minLift = CliOptions.Double("--min-lift-over-popularity", 0.1, "Relative margin over the popularity baseline's NDCG@K needed to promote (0.1 = 10% better)", 0, 100);
        var minTestUsers = CliOptions.Int("--min-test-users", 50, "Fewest evaluated users (with a held-out positive) the gate trusts", 1, int.MaxValue);
        var fromLive = CliOptions.Flag("--from-live", "Train with the live version's recorded hyperparameters and learning signal (with --tune, search from them); the given options apply when no version is live");
        var noRefit = CliOptions.Flag("--no-refit", "Publish the training-split fit that was evaluated instead of refitting on every interaction (default: refit)");
        var tune = CliOptions.Int("--tune", 0, "Seconds of hyperparameter search (factors, iterations, regularisation, alpha, signal) on a validation split carved from the training split; 0 trains with the given options", 0, 86_400);
        var device = CliOptions.Text("--device", "auto", "Where ALS runs: auto, cpu, or a GPU backend (see README)", "DEVICE");
        var maxRejectRate = CliOptions.Double("--max-reject-rate", 0.01, "Share of malformed rows that fails the run", 0, 1);
        var split = CliOptions.Choice("--split", "leave-last-out", "Evaluation split", "leave-last-out", "ratio");
        var als = new AlsOptionSet();
        var signal = new SignalOptionSet();
        var layout = new RatingsOptionSet();
        var rules = new DataRulesOptionSet();
        var drift = new DriftOptionSet();
        var store = new StoreOptionSet();

        var command = new Command("train", "Train ALS, evaluate against popularity and the live model, publish a version and promote it when better")
        {
            ratings, items, minRating, k, minImprove, minLift, minTestUsers, fromLive, noRefit, tune, device, maxRejectRate, split,
        };
        layout.AddTo(command);
        rules.AddTo(command);
        drift.AddTo(command);
        als.AddTo(command);
        signal.AddTo(command);
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(fromLive) && als.GivenHyperparameters(result).Concat(signal.GivenSignal(result)).FirstOrDefault() is string given)
            {
                throw new UsageException($"--from-live takes the live version's hyperparameters and learning signal; drop {given} (or drop --from-live).");
            }

            var settings = new TrainSettings
            {
                Ratings = result.GetValue(ratings)!,
                Items = result.GetValue(items),
                Als = als.Read(result),
                Signal = signal.Read(result),
                KCore = signal.ReadKCore(result),
                MinRating = (float)result.GetValue(minRating),
                Ks = TryParseKs(result.GetValue(k), out _)!,
                MinImprove = result.GetValue(minImprove),
                MinLiftOverPopularity = result.GetValue(minLift),
                MinTestUsers = result.GetValue(minTestUsers),
                FromLive = result.GetValue(fromLive),
                Refit = !result.GetValue(noRefit),
                TuneSeconds = result.GetValue(tune),
                Device = result.GetValue(device)!,
                MaxRejectRate = result.GetValue(maxRejectRate),
                Split = result.GetValue(split)!,
                Loader = rules.Apply(result, layout.Read(result)),
                Drift = drift.Read(result),
                AllowDrift = drift.ReadAllow(result),
            };
            var destination = ModelStoreArguments.Open(store.Read(result), Environment.GetEnvironmentVariable);
            var run = new TrainingRun(settings, destination.Inputs, destination.Repository, stderr) { Feedback = destination.Feedback };
            TrainingOutcome outcome = await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            stdout.WriteLine(JsonSerializer.Serialize(outcome, CommandJson.Default.TrainingOutcome));
            return 0;
        });
        return command;
    }

    private static int[]? TryParseKs(string? text, out string? error)
    {
        error = $"--k takes integers 1-1000 separated by commas, not '{text}'.";
        var ks = new List<int>();
        foreach (string part in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1 || value > 1000)
            {
                return null;
            }

            ks.Add(value);
        }

        error = ks.Count > 0 ? null : "--k needs at least one value.";
        return ks.Count > 0 ? [.. ks] : null;
    }
}
