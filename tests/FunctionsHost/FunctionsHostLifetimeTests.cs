using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.FunctionsHost;

/// <summary>The stand-in's own life: it starts the real worker, and SIGTERM stops both cleanly.</summary>
public partial class FunctionsHostLifetimeTests
{
    [Fact]
    public async Task SigTerm_StopsTheWorker_AndTheHostExitsCleanly()
    {
        using AzuriteInstance azurite = AzuriteInstance.Start();
        FunctionsHostProcess app = await FunctionsHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RecommenderStorage"] = azurite.ConnectionString,
            ["RetrainSchedule"] = "0 0 0 29 2 *",
        });
        await using (app)
        {
            Match started = WorkerPid().Match(app.Log);
            Assert.True(started.Success, app.Log);
            int workerPid = int.Parse(started.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture);

            // No model yet: health says so (503) but the host and worker both answer.
            using HttpResponseMessage health = await app.Client.GetAsync("/api/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            using HttpResponseMessage recommendations = await app.Client.GetAsync("/api/recommendations/anyone");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, recommendations.StatusCode);
            Assert.Equal("application/problem+json", recommendations.Content.Headers.ContentType?.MediaType);
            Assert.Equal(0, await app.StopAsync());
            Assert.Contains("Worker stopped (exit code 0)", app.Log, StringComparison.Ordinal);
            Assert.False(IsRunning(workerPid), "the worker outlived the host");
        }
    }

    [Fact]
    public void WithoutAnAppFolder_TheHostExplainsAndExitsWithUsageError()
    {
        string host = Path.Combine(FunctionsHostProcess.BuildOutput(Path.Combine("tools", "functions-host")), "functions-host.dll");
        ProcessRunner.Result? result = ProcessRunner.TryRun("dotnet", [host, "--app", "/nonexistent/app"], RepoPaths.Root);

        Assert.NotNull(result);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a folder", result.StandardError, StringComparison.Ordinal);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"Started worker \S+ \(pid (?<pid>\d+)\)")]
    private static partial Regex WorkerPid();
}
