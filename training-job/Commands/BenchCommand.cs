using Recommender.Core.Als;

namespace Recommender.TrainingJob.Commands;

/// <summary><c>bench</c>: trains on a seeded synthetic power-law matrix and prints seconds per iteration as JSON.</summary>
internal static class BenchCommand
{
    public static int Run(CommandArguments args, TextWriter stdout, TextWriter stderr)
    {
        var defaults = new AlsBenchmarkSettings();
        string solver = args.String("solver") ?? "cg";
        var settings = new AlsBenchmarkSettings
        {
            Users = args.Int("users", defaults.Users, min: 1),
            Items = args.Int("items", defaults.Items, min: 1),
            Interactions = args.Int("interactions", defaults.Interactions, min: 0),
            Seed = args.Int("seed", defaults.Seed),
            Device = args.String("device") ?? "cpu",
            Options = defaults.Options with
            {
                Factors = args.Int("factors", defaults.Options.Factors, min: 1, max: 1024),
                Iterations = args.Int("iterations", defaults.Options.Iterations, min: 1, max: 1000),
                Threads = args.Int("threads", 0, min: 0, max: 1024),
                CgSteps = args.Int("cg-steps", defaults.Options.CgSteps, min: 1, max: 1000),
                Solver = solver switch
                {
                    "cg" => AlsSolverKind.ConjugateGradient,
                    "cholesky" => AlsSolverKind.Cholesky,
                    _ => throw new UsageException($"--solver must be cg or cholesky, not '{solver}'."),
                },
            },
        };
        string? compareDevice = args.String("compare-device");
        args.ThrowOnUnknown();

        AlsBenchmarkResult result = AlsBenchmark.Run(settings, stderr);
        if (compareDevice is null)
        {
            stdout.WriteLine(result.ToJson());
            return 0;
        }

        // The same seeded matrix on a second device, so both figures come from one run on one machine state.
        AlsBenchmarkResult comparison = AlsBenchmark.Run(settings with { Device = compareDevice }, stderr);
        double ratio = result.SecondsPerIteration > 0 ? comparison.SecondsPerIteration / result.SecondsPerIteration : 0;
        stdout.WriteLine(FormattableString.Invariant($"{{\"result\":{result.ToJson()},\"comparison\":{comparison.ToJson()},\"comparisonOverResult\":{ratio:G6}}}"));
        return 0;
    }
}
