using System.CommandLine;
using Recommender.Core.Data;

namespace Recommender.TrainingJob.Commands;

/// <summary><c>bench-parquet</c>: write time and size of <c>interactions.parquet</c> per compression, as JSON.</summary>
internal static class BenchParquetCommand
{
    public static Command Create(TextWriter stdout)
    {
        var rows = CliOptions.Int("--rows", 1_000_000, "Rows of the synthetic training set", 1, 100_000_000);
        var users = CliOptions.Int("--users", 138_000, "Distinct users", 1, 10_000_000);
        var items = CliOptions.Int("--items", 27_000, "Distinct items", 1, 10_000_000);
        var repeats = CliOptions.Int("--repeats", 5, "Timed writes per compression (the median is reported)", 1, 100);
        var seed = CliOptions.Int("--seed", 1, "Seed of the synthetic rows");
        var smallest = CliOptions.Flag("--include-smallest", "Also time Zstd at its smallest-size level (slow: tens of seconds per million rows)");
        var command = new Command("bench-parquet", "Measure writing interactions.parquet with each compression; prints JSON")
        {
            rows, users, items, repeats, seed, smallest,
        };
        command.SetAction(result =>
        {
            stdout.WriteLine(ParquetWriteBenchmark.Run(
                result.GetValue(rows), result.GetValue(users), result.GetValue(items), result.GetValue(repeats), result.GetValue(seed), result.GetValue(smallest)));
            return 0;
        });
        return command;
    }
}
