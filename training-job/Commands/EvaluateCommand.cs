using System.Text.Json;
using Recommender.Core.Artifacts;
using Recommender.Core.Data;
using Recommender.Core.Evaluation;
using Recommender.Core.Popularity;

namespace Recommender.TrainingJob.Commands;

/// <summary><c>evaluate</c>: scores a published model version on a ratings file's held-out interactions.</summary>
internal static class EvaluateCommand
{
    public static async Task<int> RunAsync(CommandArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        string modelDir = Path.GetFullPath(args.RequiredString("model"));
        string ratings = args.RequiredString("ratings");
        float minRating = (float)args.Double("min-rating", 4.0, 0, 1e6);
        int k = args.Int("k", 10, 1, 1000);
        double maxRejectRate = args.Double("max-reject-rate", 0.01, 0, 1);
        args.ThrowOnUnknown();

        string version = Path.GetFileName(modelDir.TrimEnd(Path.DirectorySeparatorChar));
        string root = Path.GetDirectoryName(modelDir.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new UsageException("--model must be DIR/{version}.");
        var repository = new ModelRepository(new LocalDirectoryModelStore(root));
        ModelPackage model = await repository.LoadAsync(version, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(ratings))
        {
            throw new FileNotFoundException($"Ratings file '{ratings}' does not exist.", ratings);
        }

        InteractionTable table = RatingsLoader.Load(ratings, new RatingsLoadOptions { MaxRejectRate = maxRejectRate }, cancellationToken);
        EvaluationSplit split = new LeaveLastOutSplit(minRating).Split(table);
        var heldOut = HeldOutSet.FromRows(table, split.TestRows);
        var train = table.ToUserItemMatrix(split.TrainRows);
        EvaluationReport report = Evaluator.Evaluate(new RemappedModelScorer(model, table.Users, table.Items), train, heldOut, [k]);
        EvaluationReport baseline = Evaluator.Evaluate(PopularityModel.Build(table, split.TrainRows), train, heldOut, [k]);
        stderr.WriteLine($"evaluate: model {version} on {heldOut.UserCount} held-out users of {ratings}");

        var summary = new Dictionary<string, object>
        {
            ["version"] = version,
            ["ratings"] = ratings,
            ["testUsers"] = heldOut.UserCount,
            ["metrics"] = new Dictionary<string, double>(report.Metrics),
            ["popularity"] = new Dictionary<string, double>(baseline.Metrics),
        };
        stdout.WriteLine(JsonSerializer.Serialize(summary, CommandJson.Default.DictionaryStringObject));
        return 0;
    }
}
