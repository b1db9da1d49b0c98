using Recommender.Core.Serving;

namespace Recommender.TrainingJob.Commands;

/// <summary><c>bench-serving</c>: in-process top-K latency of every scoring path this CPU runs on a random model, with the CPU features seen, as JSON.</summary>
internal static class BenchServingCommand
{
    public static int Run(CommandArguments args, TextWriter stdout)
    {
        int users = args.Int("users", 10_000, min: 1, max: 10_000_000);
        int items = args.Int("items", 27_000, min: 1, max: 10_000_000);
        int factors = args.Int("factors", 64, min: 1, max: 1024);
        int k = args.Int("k", 10, min: 1, max: 1000);
        int requests = args.Int("requests", 20_000, min: 1, max: 10_000_000);
        int seed = args.Int("seed", 1);
        args.ThrowOnUnknown();

        ServingBenchmarkResult result = ServingBenchmark.Run(users, items, factors, k, requests, seed);
        stdout.WriteLine(result.ToJson());
        return 0;
    }
}
