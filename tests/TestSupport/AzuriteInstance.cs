using System.Diagnostics;
using System.Text;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// One Azurite process on free loopback ports, started through tools/azurite/start.sh. The script stops Azurite when
/// its standard input closes, which also happens if this process dies.
/// </summary>
internal sealed class AzuriteInstance : IDisposable
{
    private readonly Process _process;

    private AzuriteInstance(Process process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
    }

    /// <summary>The connection string of this Azurite.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts Azurite and waits until blob, queue and table answer.</summary>
    public static AzuriteInstance Start()
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

        // The first run may install Azurite with npm ci, hence the generous deadline.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (File.Exists(file))
            {
                string connectionString = File.ReadAllText(file).Trim();
                File.Delete(file);
                return new AzuriteInstance(process, connectionString);
            }

            if (process.WaitForExit(200))
            {
                throw new InvalidOperationException($"tools/azurite/start.sh exited with code {process.ExitCode} before Azurite answered:\n{Snapshot(log)}");
            }
        }

        new AzuriteInstance(process, "").Dispose();
        throw new InvalidOperationException($"Azurite did not start within 5 minutes:\n{Snapshot(log)}");
    }

    /// <summary>Stops Azurite: closing the script's input makes it stop Azurite and exit.</summary>
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(15_000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
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
