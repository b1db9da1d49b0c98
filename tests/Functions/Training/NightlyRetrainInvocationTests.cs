using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Functions.Training;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Training;

[Collection(AzuriteCollection.Name)]
public class NightlyRetrainInvocationTests(AzuriteFixture azurite)
{
    // What the Functions host posts for a timer trigger whose binding is named "timer".
    private const string TimerPayload = """
        {
          "Data": {
            "timer": {
              "Schedule": { "AdjustForDST": true },
              "ScheduleStatus": { "Last": "2026-11-24T03:00:00+00:00", "Next": "2026-11-25T03:00:00+00:00", "LastUpdated": "2026-11-24T03:00:00+00:00" },
              "IsPastDue": false
            }
          },
          "Metadata": {
            "sys": { "MethodName": "NightlyRetrain", "UtcNow": "2026-11-25T03:00:00.0123456Z", "RandGuid": "0f6b9a56-5c2e-4e5c-9d43-8a7d2b1c0e11" }
          }
        }
        """;

    private static Action<IServiceCollection> With(ITrainingLauncher launcher) =>
        services => services.Replace(ServiceDescriptor.Singleton(launcher));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task TimerInvocation_StartsATimerRunAndAnswersInTheCustomHandlerShape()
    {
        var launcher = new ControlledLauncher();
        await using var host = await TrainingHost.StartAsync(azurite, standalone: false, configure: With(launcher));

        using HttpResponseMessage response = await host.Client.PostAsync("/NightlyRetrain", Json(TimerPayload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Empty(body.RootElement.GetProperty("Outputs").EnumerateObject());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("ReturnValue").ValueKind);
        string log = Assert.Single(body.RootElement.GetProperty("Logs").EnumerateArray()).GetString()!;
        Assert.StartsWith("Started training run ", log, StringComparison.Ordinal);

        TrainingRun run = Assert.Single(await host.Runs.ListAsync(10, CancellationToken.None));
        Assert.Equal(TrainingTrigger.Timer, run.Trigger);
        Assert.Equal(TrainingRunStatus.Running, run.Status);
        Assert.Contains(run.Id, log, StringComparison.Ordinal);
        Assert.Equal(1, launcher.Starts);

        launcher.End(new TrainingResult(true, "v2", true, "beats the live model"));
        TrainingRun ended = await host.WaitForEndAsync(run.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(TrainingRunStatus.Succeeded, ended.Status);
        Assert.Equal("v2", ended.Version);
        Assert.True(ended.Promoted);
        Assert.NotNull(ended.EndedAt);
    }

    [Fact]
    public async Task TimerInvocation_WhileARunIsInProgress_IsRecordedAsSkippedAndStartsNothing()
    {
        var launcher = new ControlledLauncher();
        await using var host = await TrainingHost.StartAsync(azurite, standalone: false, configure: With(launcher));
        using HttpResponseMessage first = await host.Client.PostAsync("/NightlyRetrain", Json(TimerPayload));

        using HttpResponseMessage second = await host.Client.PostAsync("/NightlyRetrain", Json(TimerPayload));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        JsonElement body = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("Skipped: training run ", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, launcher.Starts);
        IReadOnlyList<TrainingRun> runs = await host.Runs.ListAsync(10, CancellationToken.None);
        Assert.Equal([TrainingRunStatus.Skipped, TrainingRunStatus.Running], runs.Select(r => r.Status));
        Assert.Contains(runs[1].Id, runs[0].Message, StringComparison.Ordinal);
        launcher.End(new TrainingResult(true, "v1", true, null));
    }

    [Fact]
    public async Task TimerInvocation_AfterTheRunEnded_StartsANewRun()
    {
        var launcher = new ControlledLauncher();
        await using var host = await TrainingHost.StartAsync(azurite, standalone: false, configure: With(launcher));
        using HttpResponseMessage first = await host.Client.PostAsync("/NightlyRetrain", Json(TimerPayload));
        TrainingRun firstRun = Assert.Single(await host.Runs.ListAsync(10, CancellationToken.None));
        launcher.End(TrainingResult.Failure("out of memory"));
        Assert.Equal(TrainingRunStatus.Failed, (await host.WaitForEndAsync(firstRun.Id, TimeSpan.FromSeconds(30))).Status);

        using HttpResponseMessage second = await host.Client.PostAsync("/NightlyRetrain", Json(TimerPayload));

        Assert.Equal(2, launcher.Starts);
        Assert.Equal(2, (await host.Runs.ListAsync(10, CancellationToken.None)).Count);
    }

    [Theory]
    [InlineData("""{"Data":{},"Metadata":{}}""")]
    [InlineData("""{"Data":{"timer":42},"Metadata":{}}""")]
    [InlineData("""{"Data":{"timer":"not json"},"Metadata":{}}""")]
    public async Task TimerInvocation_WithoutATimerValue_Is400AndStartsNothing(string payload)
    {
        var launcher = new ControlledLauncher();
        await using var host = await TrainingHost.StartAsync(azurite, standalone: false, configure: With(launcher));

        using HttpResponseMessage response = await host.Client.PostAsync("/NightlyRetrain", Json(payload));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("Invalid timer invocation", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, launcher.Starts);
    }

    [Fact]
    public async Task TimerInvocation_WithTheTimerAsAJsonString_IsAccepted()
    {
        var launcher = new ControlledLauncher();
        await using var host = await TrainingHost.StartAsync(azurite, standalone: false, configure: With(launcher));
        string payload = JsonSerializer.Serialize(new { Data = new { timer = """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":true}""" }, Metadata = new { } });

        using HttpResponseMessage response = await host.Client.PostAsync("/NightlyRetrain", Json(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The timer fired late (past due); retraining now.", body.GetProperty("Logs")[0].GetString());
        Assert.Equal(1, launcher.Starts);
        launcher.End(new TrainingResult(true, "v1", true, null));
    }

    [Fact]
    public async Task TimerInvocation_InStandaloneModeWithoutTheAdminKey_Is401()
    {
        var launcher = new ControlledLauncher();
        await using var host = await TrainingHost.StartAsync(azurite, standalone: true, configure: With(launcher));

        using HttpResponseMessage response = await host.Client.PostAsync("/NightlyRetrain", Json(TimerPayload));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, launcher.Starts);
    }
}
