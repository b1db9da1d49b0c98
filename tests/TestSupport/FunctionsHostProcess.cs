using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// The Function App as it runs locally: the host stand-in (tools/functions-host) as a process, which starts the
/// built isolated worker (functions/) as its own process. Settings are passed as environment variables, as app
/// settings are. Stopping sends SIGTERM, so the stand-in stops its worker the way Ctrl+C does.
/// </summary>
internal sealed partial class FunctionsHostProcess : IAsyncDisposable
{
    public const string AdminKey = "e2e-admin-key";

    private readonly Process _process;
    private readonly StringBuilder _log;

    private FunctionsHostProcess(Process process, StringBuilder log, Uri address)
    {
        _process = process;
        _log = log;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    /// <summary>Everything the host and worker printed so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The build output of a project for the configuration these tests were built in.</summary>
    public static string BuildOutput(string project) =>
        Path.Combine(RepoPaths.Root, project, "bin", Configuration, "net10.0");

    private static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    /// <summary>Starts the app on a free port and waits until every function is loaded.</summary>
    public static async Task<FunctionsHostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan? timeout = null)
    {
        string host = Path.Combine(BuildOutput(Path.Combine("tools", "functions-host")), "functions-host.dll");
        string app = BuildOutput("functions");
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (string argument in new[] { host, "--app", app, "--port", "0" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["AdminKey"] = AdminKey;
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        var log = new StringBuilder();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(log, e.Data, ready);
        process.ErrorDataReceived += (_, e) => OnLine(log, e.Data, ready);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The Functions host exited during start-up."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            Uri address = await ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(90));
            return new FunctionsHostProcess(process, log, address);
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            string output;
            lock (log)
            {
                output = log.ToString();
            }

            process.Dispose();
            throw new InvalidOperationException($"The Functions host did not become ready: {exception.Message}\n{output}");
        }
    }

    /// <summary>Sends SIGTERM and waits for a clean exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            throw new TimeoutException($"The Functions host did not stop after SIGTERM:\n{Log}");
        }

        return _process.ExitCode;
    }

    /// <summary>An admin request carrying the function key.</summary>
    public static HttpRequestMessage Admin(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", AdminKey);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (TimeoutException)
            {
                // Killed; nothing more to do.
            }
        }

        _process.Dispose();
    }

    private static void OnLine(StringBuilder log, string? line, TaskCompletionSource<Uri> ready)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }

        Match match = ReadyLine().Match(line);
        if (match.Success)
        {
            ready.TrySetResult(new Uri(match.Groups["url"].Value));
        }
    }

    [GeneratedRegex(@"Functions host ready on (?<url>http://[^\s]+)")]
    private static partial Regex ReadyLine();
}
