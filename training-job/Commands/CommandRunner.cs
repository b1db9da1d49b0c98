using System.CommandLine;

namespace Recommender.TrainingJob.Commands;

/// <summary>
/// The training job's command line: parses with System.CommandLine and turns every failure into one line on
/// stderr: exit 2 for a usage mistake, 1 for any other failure, 130 when cancelled.
/// </summary>
public static class CommandRunner
{
    /// <summary>Runs a command line; 0 on success.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        RootCommand root = CreateRoot(stdout, stderr);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line a person can act on; the full usage is one --help away.
            string command = parsed.CommandResult.Command == root ? "training-job" : $"training-job {parsed.CommandResult.Command.Name}";
            stderr.WriteLine($"error: {string.Join(" ", parsed.Errors.Select(e => e.Message))} (see '{command} --help')");
            return 2;
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
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
            stderr.WriteLine($"error: {OneLine(ex)}");
            return 1;
        }
    }

    /// <summary>Every command of the training job, writing its results to <paramref name="stdout"/> and progress to <paramref name="stderr"/>.</summary>
    internal static RootCommand CreateRoot(TextWriter stdout, TextWriter stderr) =>
        new("Trains, evaluates and publishes the recommender's ALS models; also generates sample data and runs benchmarks.")
        {
            GenerateCommand.Create(stdout, stderr),
            TrainCommand.Create(stdout, stderr),
            EvaluateCommand.Create(stdout, stderr),
            UploadCommand.Create(stdout, stderr),
            QualityCommand.Create(stdout, stderr),
            BenchCommand.Create(stdout, stderr),
            BenchServingCommand.Create(stdout),
            BenchEvaluateCommand.Create(stdout),
            BenchParquetCommand.Create(stdout),
            GpuSelfTestCommand.Create(stdout),
        };

    private static string OneLine(Exception ex) => ex.Message.ReplaceLineEndings(" ");
}
