namespace Recommender.TrainingJob.Commands;

/// <summary>Dispatches the sub-command and turns every failure into a one-line reason and a non-zero exit.</summary>
public static class CommandRunner
{
    private const string Usage = "usage: training-job <generate|train|evaluate|upload|bench|bench-serving> [--option value ...]  (see README.md)";

    /// <summary>Runs a command; 0 on success, 2 on a usage mistake, 1 on any other failure, 130 when cancelled.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
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
                "generate" => GenerateCommand.Run(options, stdout, stderr, cancellationToken),
                "bench" => BenchCommand.Run(options, stdout, stderr),
                "bench-serving" => BenchServingCommand.Run(options, stdout),
                "gpu-selftest" => GpuSelfTestCommand.Run(options, stdout),
                "train" => await TrainCommand.RunAsync(options, stdout, stderr, cancellationToken).ConfigureAwait(false),
                "upload" => await UploadCommand.RunAsync(options, stdout, stderr, cancellationToken).ConfigureAwait(false),
                "evaluate" => await EvaluateCommand.RunAsync(options, stdout, stderr, cancellationToken).ConfigureAwait(false),
                _ => throw new UsageException($"Unknown command '{args[0]}'. {Usage}"),
            };
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine("error: cancelled");
            return 130;
        }
        catch (Exception ex)
        {
            // A command-line tool reports every failure as one line a person can act on, never a stack trace.
            stderr.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
