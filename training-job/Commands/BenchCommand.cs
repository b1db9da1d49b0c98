namespace Recommender.TrainingJob.Commands;

/// <summary><c>bench</c>: trains on a seeded synthetic matrix and prints seconds per iteration as JSON.</summary>
internal static class BenchCommand
{
    public static int Run(CommandArguments args, TextWriter stdout, TextWriter stderr)
    {
        args.ThrowOnUnknown();
        stderr.WriteLine("bench is not implemented yet.");
        return 1;
    }
}
