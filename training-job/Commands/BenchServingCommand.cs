using System.CommandLine;
using Recommender.Core.Serving;
using Recommender.Core.Serving.Batching;

namespace Recommender.TrainingJob.Commands;

/// <summary>
/// <c>bench-serving</c>: in-process top-K latency of every scoring path this CPU runs on a random model, with the CPU
/// features seen, as JSON; with <c>--batch</c> above 1, batched against single-user scoring under concurrency instead.
/// </summary>
internal static class BenchServingCommand
{
    public static Command Create(TextWriter stdout)
    {
        var users = CliOptions.Int("--users", 10_000, "Users in the random model", 1, 10_000_000);
        var items = CliOptions.Int("--items", 27_000, "Items in the random model", 1, 10_000_000);
        var factors = CliOptions.Int("--factors", 64, "Latent factors", 1, 1024);
        var k = CliOptions.Int("--k", 10, "Recommendations per request", 1, 1000);
        var requests = CliOptions.Int("--requests", 20_000, "Timed requests per path", 1, 10_000_000);
        var seed = CliOptions.Int("--seed", 1, "Seed of the random model");
        var batch = CliOptions.Int("--batch", 1, "Most users scored in one pass over the items; above 1, compares batched with single-user scoring (B = 2, 4, ... up to this)", 1, 256);
        var concurrency = CliOptions.Int("--concurrency", 1, "Threads issuing requests at once (with --batch above 1)", 1, 256);
        var window = CliOptions.Int("--window-us", 200, "Microseconds the coalescer lets a request wait for a fuller batch under load (with --batch above 1)", 0, 100_000);
        var scorers = CliOptions.Int("--scorers", RecommendBatcher.DefaultScorers, "Coalescer passes scored at the same time (with --batch above 1)", 1, 256);
        var command = new Command("bench-serving", "Measure in-process top-K latency of the exact and the fast recommend path; prints JSON")
        {
            users, items, factors, k, requests, seed, batch, concurrency, window, scorers,
        };
        command.SetAction(result =>
        {
            if (result.GetValue(batch) > 1)
            {
                BatchBenchmarkResult batched = BatchServingBenchmark.Run(
                    result.GetValue(users), result.GetValue(items), result.GetValue(factors), result.GetValue(k), result.GetValue(requests), result.GetValue(seed), result.GetValue(concurrency), result.GetValue(batch), TimeSpan.FromMicroseconds(result.GetValue(window)), result.GetValue(scorers));
                stdout.WriteLine(batched.ToJson());
                return 0;
            }

            ServingBenchmarkResult figures = ServingBenchmark.Run(
                result.GetValue(users), result.GetValue(items), result.GetValue(factors), result.GetValue(k), result.GetValue(requests), result.GetValue(seed));
            stdout.WriteLine(figures.ToJson());
            return 0;
        });
        return command;
    }
}
