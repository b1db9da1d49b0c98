namespace Recommender.TrainingJob.Commands;

/// <summary>Dispatches the sub-command and turns every failure into a one-line reason and a non-zero exit.</summary>
public static class CommandRunner
{
    private const string Usage = "usage: training-job <generate|train|evaluate|bench> [--option value ...]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stderr.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            var options = new CommandArguments(args.Skip(1));
            return args[0] switch
            {
                "bench" => BenchCommand.Run(options, stdout, stderr),
                _ => throw new UsageException($"Unknown command '{args[0]}'. {Usage}"),
            };
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
