using System.CommandLine;
using Recommender.Core.Als;

namespace Recommender.TrainingJob.Commands;

/// <summary><c>bench</c>: trains on a seeded synthetic power-law matrix and prints seconds per iteration as JSON.</summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var defaults = new AlsBenchmarkSettings();
        var users = CliOptions.Int("--users", defaults.Users, "Users (rows) of the synthetic matrix", 1);
        var items = CliOptions.Int("--items", defaults.Items, "Items (columns) of the synthetic matrix", 1);
        var interactions = CliOptions.Int("--interactions", defaults.Interactions, "Non-zero entries", 0);
        var seed = CliOptions.Int("--seed", defaults.Seed, "Seed of the matrix and the factors");
        var device = CliOptions.Text("--device", "cpu", "Where ALS runs: cpu, auto, or a GPU backend (see README)", "DEVICE");
        var compareDevice = CliOptions.Optional("--compare-device", "Also run on this device and report the ratio, from one run", "DEVICE");
        var factors = CliOptions.Int("--factors", defaults.Options.Factors, "Latent factors", 1, 1024);
        var iterations = CliOptions.Int("--iterations", defaults.Options.Iterations, "Timed iterations", 1, 1000);
        var threads = CliOptions.Int("--threads", 0, "Worker threads; 0 uses every processor", 0, 1024);
        var cgSteps = CliOptions.Int("--cg-steps", defaults.Options.CgSteps, "Conjugate-gradient steps per row and half-iteration", 1, 1000);
        var solver = CliOptions.Choice("--solver", "cg", "Row solver", "cg", "cholesky");
        var kernelProfile = CliOptions.Flag("--kernel-profile", "On a GPU device, also print each kernel stage's time per iteration to stderr");
        var command = new Command("bench", "Time ALS iterations on a seeded synthetic power-law matrix; prints JSON")
        {
            users, items, interactions, seed, device, compareDevice, factors, iterations, threads, cgSteps, solver, kernelProfile,
        };
        command.SetAction(result =>
        {
            var settings = new AlsBenchmarkSettings
            {
                Users = result.GetValue(users),
                Items = result.GetValue(items),
                Interactions = result.GetValue(interactions),
                Seed = result.GetValue(seed),
                Device = result.GetValue(device)!,
                KernelProfile = result.GetValue(kernelProfile),
                Options = defaults.Options with
                {
                    Factors = result.GetValue(factors),
                    Iterations = result.GetValue(iterations),
                    Threads = result.GetValue(threads),
                    CgSteps = result.GetValue(cgSteps),
                    Solver = result.GetValue(solver) == "cholesky" ? AlsSolverKind.Cholesky : AlsSolverKind.ConjugateGradient,
                },
            };
            AlsBenchmarkResult first = AlsBenchmark.Run(settings, stderr);
            string? other = result.GetValue(compareDevice);
            if (other is null)
            {
                stdout.WriteLine(first.ToJson());
                return 0;
            }

            // The same seeded matrix on a second device, so both figures come from one run on one machine state.
            AlsBenchmarkResult comparison = AlsBenchmark.Run(settings with { Device = other }, stderr);
            double ratio = first.SecondsPerIteration > 0 ? comparison.SecondsPerIteration / first.SecondsPerIteration : 0;
            stdout.WriteLine(FormattableString.Invariant($"{{\"result\":{first.ToJson()},\"comparison\":{comparison.ToJson()},\"comparisonOverResult\":{ratio:G6}}}"));
            return 0;
        });
        return command;
    }
}
