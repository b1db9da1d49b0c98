using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.FunctionsHost;

/// <summary>
/// <c>./run.sh --serve</c> as an operator runs it: settings from the environment, no Azurite of its own, and on
/// SIGTERM everything it started (the host stand-in and its worker) is gone.
/// </summary>
public class RunScriptServeTests
{
    [Fact]
    public async Task Serve_AnswersOnTheGivenPort_AndSigTermStopsEverythingItStarted()
    {
        using AzuriteInstance azurite = AzuriteInstance.Start();
        int port = FreePort();
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (string argument in new[] { "run.sh", "--serve", "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["RecommenderStorage"] = azurite.ConnectionString;
        info.Environment["AdminKey"] = "serve-test-key";
        info.Environment["RetrainSchedule"] = "0 0 0 29 2 *";
        using var script = Process.Start(info)!;
        Task<string> stdout = script.StandardOutput.ReadToEndAsync();
        Task<string> stderr = script.StandardError.ReadToEndAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };

        bool up = await Poll.UntilAsync(async () =>
        {
            try
            {
                using HttpResponseMessage status = await client.GetAsync("/admin/host/status");
                return status.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(3));
        List<int> started = Descendants(script.Id);
        using (HttpResponseMessage models = await client.GetAsync("/api/models"))
        {
            Assert.True(up, "run.sh --serve never answered");
            Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/models"))
        {
            request.Headers.Add("x-functions-key", "serve-test-key");
            using HttpResponseMessage models = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        }

        using (Process kill = Process.Start("kill", ["-TERM", script.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await script.WaitForExitAsync(deadline.Token);
        Assert.True(started.Count >= 2, $"expected the host and its worker under run.sh, found {started.Count}");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(started.All(pid => !IsAlive(pid))), TimeSpan.FromSeconds(10)),
            $"left running after SIGTERM: {string.Join(", ", started.Where(IsAlive))}\n{await stdout}\n{await stderr}");
    }

    [Fact]
    public void ABadPort_IsAUsageError()
    {
        ProcessRunner.Result? result = ProcessRunner.TryRun("bash", ["run.sh", "--serve", "--port", "seventy"], RepoPaths.Root);

        Assert.NotNull(result);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--port must be a number", result.StandardError, StringComparison.Ordinal);
    }


    /// <summary>Every process below <paramref name="root"/>, read from /proc (parent id is the 4th field of stat).</summary>
    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                try
                {
                    string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The process ended meanwhile.
                }
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out int parent))
        {
            foreach (var (pid, ppid) in parents)
            {
                if (ppid == parent)
                {
                    found.Add(pid);
                    frontier.Enqueue(pid);
                }
            }
        }

        return found;
    }

    // A zombie (state Z) has exited; only its parent has not collected it yet.
    private static bool IsAlive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
