using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Recommender.Tests.TestSupport;

namespace Recommender.Faults;

/// <summary>
/// Azurite as an operator meets it: started through tools/azurite/start.sh with its data in a folder, so it can be
/// stopped and started again on the same ports with the same data, or frozen with SIGSTOP and resumed with SIGCONT.
/// </summary>
internal sealed partial class AzuriteControl : IDisposable
{
    private readonly string _location = Directory.CreateTempSubdirectory("faults-azurite-").FullName;
    private Process? _script;
    private int _nodePid;
    private (int Blob, int Queue, int Table)? _ports;
    private bool _frozen;

    public string ConnectionString { get; private set; } = "";

    public static AzuriteControl Start()
    {
        var azurite = new AzuriteControl();
        azurite.Launch();
        return azurite;
    }

    /// <summary>Stops Azurite (its process exits; connections are refused).</summary>
    public void Stop()
    {
        Thaw();
        if (_script is null)
        {
            return;
        }

        _script.StandardInput.Close();
        if (!_script.WaitForExit(15_000))
        {
            _script.Kill(entireProcessTree: true);
        }

        _script.Dispose();
        _script = null;
    }

    /// <summary>Starts Azurite again on the ports it had, with the data it kept.</summary>
    public void Restart() => Launch();

    /// <summary>SIGSTOP: connections are accepted by the kernel and never answered.</summary>
    public void Freeze()
    {
        Signal("STOP");
        _frozen = true;
    }

    /// <summary>SIGCONT: Azurite carries on where it stopped.</summary>
    public void Thaw()
    {
        if (_frozen)
        {
            Signal("CONT");
            _frozen = false;
        }
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private void Signal(string signal)
    {
        using Process kill = Process.Start("kill", ["-" + signal, _nodePid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private void Launch()
    {
        string file = Path.Combine(Path.GetTempPath(), "faults-azurite-" + Guid.NewGuid().ToString("N") + ".txt");
        _nodePid = 0;
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { Path.Combine(RepoPaths.Root, "tools", "azurite", "start.sh"), "--connection-string-file", file, "--stop-on-stdin-eof" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["AZURITE_LOCATION"] = _location;
        if (_ports is var (blob, queue, table))
        {
            info.Environment["AZURITE_BLOB_PORT"] = blob.ToString(CultureInfo.InvariantCulture);
            info.Environment["AZURITE_QUEUE_PORT"] = queue.ToString(CultureInfo.InvariantCulture);
            info.Environment["AZURITE_TABLE_PORT"] = table.ToString(CultureInfo.InvariantCulture);
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => OnLine(log, e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _script = process;

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (File.Exists(file) && _nodePid != 0)
            {
                ConnectionString = File.ReadAllText(file).Trim();
                File.Delete(file);
                return;
            }

            if (process.WaitForExit(200))
            {
                break;
            }
        }

        lock (log)
        {
            throw new InvalidOperationException($"Azurite did not start:\n{log}");
        }
    }

    private void OnLine(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }

        Match running = RunningLine().Match(line);
        if (running.Success)
        {
            int Port(string name) => int.Parse(running.Groups[name].Value, CultureInfo.InvariantCulture);
            _ports = (Port("blob"), Port("queue"), Port("table"));
            _nodePid = Port("pid");
        }
    }

    [GeneratedRegex(@"azurite: running \(pid (?<pid>\d+)\): blob (?<blob>\d+), queue (?<queue>\d+), table (?<table>\d+)")]
    private static partial Regex RunningLine();
}
