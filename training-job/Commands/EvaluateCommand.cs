using System.CommandLine;
using System.Text.Json;
using Recommender.Core.Artifacts;
using Recommender.Core.Data;
using Recommender.Core.Evaluation;
using Recommender.Core.Popularity;

namespace Recommender.TrainingJob.Commands;

/// <summary><c>evaluate</c>: scores a published model version on a ratings file's held-out interactions.</summary>
internal static class EvaluateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var model = CliOptions.Required("--model", "A published version's folder, DIR/{version}", "DIR");
        var ratings = CliOptions.Required("--ratings", "Ratings file (CSV, MovieLens .dat/.data or Parquet) to hold out from", "FILE");
        var minRating = CliOptions.Double("--min-rating", 4.0, "Ratings at or above this are positives", 0, 1e6);
        var k = CliOptions.Int("--k", 10, "Metric cut-off", 1, 1000);
        var maxRejectRate = CliOptions.Double("--max-reject-rate", 0.01, "Share of malformed rows that fails the run", 0, 1);
        var layout = new RatingsOptionSet();
        var command = new Command("evaluate", "Score a published model version on the held-out interactions of a ratings file")
        {
            model, ratings, minRating, k, maxRejectRate,
        };
        layout.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            string modelDir = Path.GetFullPath(result.GetValue(model)!);
            string ratingsPath = result.GetValue(ratings)!;
            int cutOff = result.GetValue(k);
            string version = Path.GetFileName(modelDir.TrimEnd(Path.DirectorySeparatorChar));
            string root = Path.GetDirectoryName(modelDir.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new UsageException("--model must be DIR/{version}.");
            var repository = new ModelRepository(new LocalDirectoryModelStore(root));
            ModelPackage package = await repository.LoadAsync(version, cancellationToken).ConfigureAwait(false);
            InteractionTable table = RatingsLoader.Load(ratingsPath, layout.Read(result) with { MaxRejectRate = result.GetValue(maxRejectRate) }, cancellationToken);
            EvaluationSplit split = new LeaveLastOutSplit((float)result.GetValue(minRating)).Split(table);
            var heldOut = HeldOutSet.FromRows(table, split.TestRows);
            var train = table.ToUserItemMatrix(split.TrainRows);
            EvaluationReport report = Evaluator.Evaluate(new RemappedModelScorer(package, table.Users, table.Items), train, heldOut, [cutOff]);
            EvaluationReport baseline = Evaluator.Evaluate(PopularityModel.Build(table, split.TrainRows), train, heldOut, [cutOff]);
            stderr.WriteLine($"evaluate: model {version} on {report.UsersEvaluated} held-out users of {ratingsPath}");
            var summary = new Dictionary<string, object>
            {
                ["version"] = version,
                ["ratings"] = ratingsPath,
                ["testUsers"] = report.UsersEvaluated,
                ["metrics"] = new Dictionary<string, double>(report.Metrics),
                ["popularity"] = new Dictionary<string, double>(baseline.Metrics),
            };
            stdout.WriteLine(JsonSerializer.Serialize(summary, CommandJson.Default.DictionaryStringObject));
            return 0;
        });
        return command;
    }
}
