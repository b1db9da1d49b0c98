using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Functions.Training;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Training;

[Collection(AzuriteCollection.Name)]
public class TrainingEndpointsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartTraining_Is202WithTheRunAndASecondStartWhileItRuns_Is409NamingIt()
    {
        var launcher = new ControlledLauncher();
        await using var host = await TrainingHost.StartAsync(azurite, configure: TrainingHost.WithLauncher(launcher));

        using HttpResponseMessage first = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/training"));
        using HttpResponseMessage second = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/training"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        JsonElement run = await first.Content.ReadFromJsonAsync<JsonElement>();
        string runId = run.GetProperty("id").GetString()!;
        Assert.Equal("manual", run.GetProperty("trigger").GetString());
        Assert.Equal("running", run.GetProperty("status").GetString());
        Assert.Equal("controlled-" + runId, run.GetProperty("executionName").GetString());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(runId, problem.GetProperty("runningRunId").GetString());
        Assert.Equal(1, launcher.Starts);
        launcher.End(new TrainingResult(true, "v1", true, null));
    }

    [Fact]
    public async Task ListRuns_ShowsTheLatestFirstWithTheirOutcome()
    {
        var launcher = new ControlledLauncher();
        await using var host = await TrainingHost.StartAsync(azurite, configure: TrainingHost.WithLauncher(launcher));
        using HttpResponseMessage started = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/training"));
        string runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using HttpResponseMessage refused = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/training"));
        launcher.End(new TrainingResult(true, "20261125T030000Z-v", false, "did not beat the live model"));
        await host.WaitForEndAsync(runId, TimeSpan.FromSeconds(30));

        using HttpResponseMessage all = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/training/runs"));
        using HttpResponseMessage top1 = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/training/runs?top=1"));

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        JsonElement runs = (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs");
        Assert.Equal(["skipped", "succeeded"], runs.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        JsonElement succeeded = runs[1];
        Assert.Equal(runId, succeeded.GetProperty("id").GetString());
        Assert.Equal("20261125T030000Z-v", succeeded.GetProperty("version").GetString());
        Assert.False(succeeded.GetProperty("promoted").GetBoolean());
        Assert.Equal("did not beat the live model", succeeded.GetProperty("message").GetString());
        Assert.Equal(1, (await top1.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs").GetArrayLength());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("ten")]
    [InlineData("-1")]
    public async Task ListRuns_WithABadTop_Is400(string top)
    {
        await using var host = await TrainingHost.StartAsync(azurite, configure: TrainingHost.WithLauncher(new ControlledLauncher()));

        using HttpResponseMessage response = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/training/runs?top=" + top));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("top must be an integer between 1 and 200", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
