using System.Diagnostics;
using Recommender.FunctionsHost.Configuration;

namespace Recommender.FunctionsHost.Worker;

/// <summary>
/// The worker process: <c>dotnet App.dll</c> with the arguments the Functions host passes, the app settings as
/// its environment and its output copied to ours.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    /// <summary>The largest gRPC message either side accepts.</summary>
    public const int MaxMessageLength = int.MaxValue;

    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public static WorkerProcess Start(WorkerConfig config, string appDirectory, Uri hostUri, string workerId, AppSettings settings)
    {
        var info = new ProcessStartInfo(config.Executable)
        {
            WorkingDirectory = appDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(config.WorkerPath);
        foreach (string argument in Arguments(hostUri, workerId))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in settings.Values)
        {
            info.Environment[name] = value;
        }

        info.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        info.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        info.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Forward(Console.Out, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(Console.Error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>The command-line arguments the worker reads to find its host.</summary>
    public static IEnumerable<string> Arguments(Uri hostUri, string workerId) =>
    [
        "--functions-uri", hostUri.AbsoluteUri,
        "--functions-worker-id", workerId,
        "--functions-request-id", Guid.NewGuid().ToString(),
        "--functions-grpc-max-message-length", MaxMessageLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    /// <summary>Kills the worker if it is still running (after the grace period of a terminate request).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    public void Dispose() => _process.Dispose();

    private static void Forward(TextWriter writer, string? line)
    {
        if (line is not null)
        {
            writer.WriteLine(line);
        }
    }
}
