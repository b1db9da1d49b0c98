using System.ComponentModel;
using System.Diagnostics;

namespace Recommender.Tests.TestSupport;

/// <summary>Runs a command to completion with a deadline and returns its exit code and output.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs the program; null when it cannot be started (not installed).</summary>
    public static Result? TryRun(string fileName, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string?>? environment = null, int timeoutSeconds = 120)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var pair in environment ?? new Dictionary<string, string?>())
        {
            if (pair.Value is null)
            {
                info.Environment.Remove(pair.Key);
            }
            else
            {
                info.Environment[pair.Key] = pair.Value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        }
        catch (Win32Exception)
        {
            return null;
        }

        using (process)
        {
            // Read both streams concurrently so a full pipe cannot block the child.
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} did not finish within {timeoutSeconds} s.");
            }

            return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
    }
}
