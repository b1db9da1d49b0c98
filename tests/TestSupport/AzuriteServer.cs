using System.Diagnostics;
using System.Text;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// One Azurite for the whole test run, started through tools/azurite/start.sh when RecommenderStorage is not set.
/// The script stops Azurite when its standard input closes, which also happens if this process dies.
/// </summary>
internal static class AzuriteServer
{
    private static readonly Lazy<string> _lazyConnectionString = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);
    private static Process? _process;

    /// <summary>The connection string of the Azurite the tests use.</summary>
    public static string ConnectionString => _lazyConnectionString.Value;

    private static string Resolve()
    {
        string? configured = Environment.GetEnvironmentVariable("RecommenderStorage");
        return string.IsNullOrWhiteSpace(configured) ? Start() : configured;
    }

    private static string Start()
    {
        string script = Path.Combine(RepoPaths.Root, "tools", "azurite", "start.sh");
        string file = Path.Combine(Path.GetTempPath(), "recommender-azurite-" + Guid.NewGuid().ToString("N") + ".txt");
        var startInfo = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(script);
        startInfo.ArgumentList.Add("--connection-string-file");
        startInfo.ArgumentList.Add(file);
        startInfo.ArgumentList.Add("--stop-on-stdin-eof");

        var log = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

        // The first run may install Azurite with npm ci, hence the generous deadline.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (File.Exists(file))
            {
                string connectionString = File.ReadAllText(file).Trim();
                File.Delete(file);
                return connectionString;
            }

            if (process.WaitForExit(200))
            {
                throw new InvalidOperationException($"tools/azurite/start.sh exited with code {process.ExitCode} before Azurite answered:\n{Snapshot(log)}");
            }
        }

        Stop();
        throw new InvalidOperationException($"Azurite did not start within 5 minutes:\n{Snapshot(log)}");
    }

    private static void Stop()
    {
        Process? process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(15_000))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
