using System.CommandLine;
using Recommender.Core.Evaluation;

namespace Recommender.TrainingJob.Commands;

/// <summary><c>bench-evaluate</c>: seconds per evaluation run, by users scored per pass over the item matrix, as JSON.</summary>
internal static class BenchEvaluateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var users = CliOptions.Int("--users", 20_000, "Users evaluated (each with one held-out item)", 1, 10_000_000);
        var items = CliOptions.Int("--items", 59_000, "Items in the random model", 2, 10_000_000);
        var factors = CliOptions.Int("--factors", 64, "Latent factors", 1, 1024);
        var rounds = CliOptions.Int("--rounds", 5, "Timed rounds per pass size (the median is reported)", 1, 1000);
        var threads = CliOptions.Int("--threads", 0, "Evaluation threads; 0 uses every core", 0, 1024);
        var seed = CliOptions.Int("--seed", 1, "Seed of the random model and split");
        var command = new Command("bench-evaluate", "Measure the evaluator's time per run for 1, 4, 8 and 16 users per pass over the item matrix; prints JSON")
        {
            users, items, factors, rounds, threads, seed,
        };
        command.SetAction(result =>
        {
            EvaluationBenchmarkResult figures = EvaluationBenchmark.Run(
                result.GetValue(users), result.GetValue(items), result.GetValue(factors), result.GetValue(rounds), result.GetValue(threads), result.GetValue(seed));
            stdout.WriteLine(figures.ToJson());
            return figures.Passes.All(p => p.Identical) ? 0 : 1;
        });
        return command;
    }
}
