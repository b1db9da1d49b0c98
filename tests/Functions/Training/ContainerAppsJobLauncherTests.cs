using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Functions.Training;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Training;

[Collection(AzuriteCollection.Name)]
public class ContainerAppsJobLauncherTests(AzuriteFixture azurite)
{
    private const string JobId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-recommender/providers/Microsoft.App/jobs/caj-training";
    private const string Token = "fake-arm-token";

    private static async Task<FunctionAppHost> StartHostAsync(AzuriteFixture azurite, AzureResourceManagerStub arm, FakeTokenCredential credential) =>
        await TrainingHost.StartAsync(
            azurite,
            settings: new Dictionary<string, string?> { ["TrainingLauncher"] = "containerapps", ["TrainingJobResourceId"] = JobId },
            configure: services =>
            {
                services.Replace(ServiceDescriptor.Singleton(new ResourceManagerOptions(arm.Endpoint, credential)));
                services.Replace(ServiceDescriptor.Singleton(new TrainingOptions { ExecutionPollInterval = TimeSpan.FromMilliseconds(50) }));
            });

    [Fact]
    public async Task StartTraining_PostsStartToResourceManagerWithTheBearerToken_AndRecordsTheExecution()
    {
        await using var arm = await AzureResourceManagerStub.StartAsync(JobId, Token);
        var credential = new FakeTokenCredential(Token);
        await using var host = await StartHostAsync(azurite, arm, credential);

        using HttpResponseMessage response = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/training"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonElement run = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(AzureResourceManagerStub.ExecutionName, run.GetProperty("executionName").GetString());
        Assert.Equal("containerapps", run.GetProperty("launcher").GetString());
        Assert.Equal($"POST {JobId}/start?api-version=2024-03-01", arm.Requests.First());
        Assert.Empty(arm.Refusals);
        Assert.Contains("https://management.azure.com/.default", credential.RequestedScopes);
        TrainingRun stored = (await host.Runs.GetAsync(run.GetProperty("id").GetString()!, CancellationToken.None))!;
        Assert.Equal(AzureResourceManagerStub.ExecutionName, stored.ExecutionName);
        Assert.Equal(TrainingRunStatus.Running, stored.Status);
    }

    [Fact]
    public async Task ARun_FollowsTheExecutionUntilResourceManagerReportsItSucceeded()
    {
        await using var arm = await AzureResourceManagerStub.StartAsync(JobId, Token);
        await using var host = await StartHostAsync(azurite, arm, new FakeTokenCredential(Token));

        TrainingStart start = await host.Coordinator.StartAsync(TrainingTrigger.Timer, CancellationToken.None);
        Assert.True(await FunctionAppHost.EventuallyAsync(() => Task.FromResult(arm.Requests.Any(r => r.StartsWith("GET ", StringComparison.Ordinal)))), "The launcher never asked for the execution's status.");
        Assert.Equal(TrainingRunStatus.Running, (await host.Runs.GetAsync(start.Run.Id, CancellationToken.None))!.Status);
        arm.ExecutionStatus = "Succeeded";

        TrainingRun run = await host.WaitForEndAsync(start.Run.Id, TimeSpan.FromSeconds(30));

        Assert.Equal(TrainingRunStatus.Succeeded, run.Status);
        Assert.Contains($"GET {JobId}/executions/{AzureResourceManagerStub.ExecutionName}?api-version=2024-03-01", arm.Requests);
        Assert.Empty(arm.Refusals);
        Assert.True((await host.Coordinator.StartAsync(TrainingTrigger.Timer, CancellationToken.None)).Started, "The lock was not freed when the execution ended.");
    }

    [Fact]
    public async Task ARun_WhoseExecutionFails_IsRecordedAsFailed()
    {
        await using var arm = await AzureResourceManagerStub.StartAsync(JobId, Token);
        arm.ExecutionStatus = "Failed";
        await using var host = await StartHostAsync(azurite, arm, new FakeTokenCredential(Token));

        TrainingStart start = await host.Coordinator.StartAsync(TrainingTrigger.Timer, CancellationToken.None);
        TrainingRun run = await host.WaitForEndAsync(start.Run.Id, TimeSpan.FromSeconds(30));

        Assert.Equal(TrainingRunStatus.Failed, run.Status);
        Assert.Contains("ended with status Failed", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTraining_RefusedByResourceManager_Is500WithArmsReasonAndTheRunIsFailed()
    {
        await using var arm = await AzureResourceManagerStub.StartAsync(JobId, Token);
        arm.DenyStart = true;
        await using var host = await StartHostAsync(azurite, arm, new FakeTokenCredential(Token));

        using HttpResponseMessage response = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/training"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("403 AuthorizationFailed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        TrainingRun run = (await host.Runs.GetAsync(problem.GetProperty("runId").GetString()!, CancellationToken.None))!;
        Assert.Equal(TrainingRunStatus.Failed, run.Status);
        Assert.True((await host.Coordinator.StartAsync(TrainingTrigger.Manual, CancellationToken.None)).Run.Status != TrainingRunStatus.Skipped, "A refused start kept the lock.");
    }

    [Fact]
    public async Task Stub_RefusesARequestWithAWrongToken()
    {
        await using var arm = await AzureResourceManagerStub.StartAsync(JobId, Token);
        await using var host = await StartHostAsync(azurite, arm, new FakeTokenCredential("someone-elses-token"));

        TrainingStart start = await host.Coordinator.StartAsync(TrainingTrigger.Manual, CancellationToken.None);

        Assert.Equal(TrainingRunStatus.Failed, start.Run.Status);
        Assert.Contains("401 AuthenticationFailed", start.Run.Message, StringComparison.Ordinal);
        Assert.Single(arm.Refusals);
    }
}
