using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>
/// Azure launcher: starts the Container Apps Job (<c>POST {TrainingJobResourceId}/start</c> on Azure Resource Manager,
/// with a managed-identity bearer token) and follows the execution's status until it ends. The job reports its model
/// version to blob storage, not to ARM, so runs started here record the execution name but no version.
/// </summary>
public sealed partial class ContainerAppsJobLauncher(
    IOptions<RecommenderOptions> settings,
    ResourceManagerOptions arm,
    TrainingOptions options,
    TimeProvider time,
    ILogger<ContainerAppsJobLauncher> logger) : ITrainingLauncher, IDisposable
{
    public const string LauncherName = "containerapps";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public string Name => LauncherName;

    public async Task<TrainingLaunch> StartAsync(string runId, CancellationToken runLifetime)
    {
        string jobId = JobResourceId();
        using HttpRequestMessage request = await CreateRequestAsync(HttpMethod.Post, $"{jobId}/start", runLifetime).ConfigureAwait(false);
        request.Content = new ByteArrayContent([]);
        using HttpResponseMessage response = await _http.SendAsync(request, runLifetime).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(runLifetime).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Azure Resource Manager refused to start the job {jobId}: {(int)response.StatusCode} {ArmError(body)}");
        }

        string execution = ExecutionName(body) ?? throw new InvalidOperationException($"Azure Resource Manager started the job but its answer names no execution: {Truncate(body)}");
        LogStarted(logger, runId, execution);
        return new TrainingLaunch(execution, FollowAsync(jobId, execution, runLifetime));
    }

    public void Dispose() => _http.Dispose();

    // Polls the execution until a final status, for at most the lease: past that the lock is free again anyway.
    private async Task<TrainingResult> FollowAsync(string jobId, string execution, CancellationToken runLifetime)
    {
        DateTimeOffset giveUpAt = time.GetUtcNow() + options.LeaseDuration;
        string lastSeen = "unknown";
        while (time.GetUtcNow() < giveUpAt)
        {
            try
            {
                using HttpRequestMessage request = await CreateRequestAsync(HttpMethod.Get, $"{jobId}/executions/{Uri.EscapeDataString(execution)}", runLifetime).ConfigureAwait(false);
                using HttpResponseMessage response = await _http.SendAsync(request, runLifetime).ConfigureAwait(false);
                string body = await response.Content.ReadAsStringAsync(runLifetime).ConfigureAwait(false);
                if (response.IsSuccessStatusCode && ExecutionStatus(body) is { } status)
                {
                    lastSeen = status;
                    switch (status)
                    {
                        case "Succeeded":
                            return new TrainingResult(true, null, null, $"Container Apps Job execution {execution} succeeded.");
                        case "Failed" or "Stopped" or "Degraded":
                            return TrainingResult.Failure($"Container Apps Job execution {execution} ended with status {status}; see its logs.");
                    }
                }
                else if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    return TrainingResult.Failure($"Cannot read execution {execution}: {(int)response.StatusCode} {ArmError(body)}");
                }
            }
            catch (HttpRequestException ex)
            {
                // Transient: keep following until the lease is over.
                LogPollFailed(logger, execution, ex);
            }

            await Task.Delay(options.ExecutionPollInterval, time, runLifetime).ConfigureAwait(false);
        }

        return TrainingResult.Failure($"Execution {execution} had no final status within the {options.LeaseDuration} lease (last: {lastSeen}).");
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        AccessToken token = await arm.Credential.GetTokenAsync(new TokenRequestContext([arm.Scope]), cancellationToken).ConfigureAwait(false);
        var request = new HttpRequestMessage(method, new Uri(arm.Endpoint, path.TrimStart('/') + "?api-version=" + arm.ApiVersion));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return request;
    }

    private string JobResourceId()
    {
        string? id = settings.Value.TrainingJobResourceId;
        return string.IsNullOrWhiteSpace(id)
            ? throw new InvalidOperationException("TrainingJobResourceId is not set; the containerapps launcher needs the job's resource id.")
            : id.Trim();
    }

    private static string? ExecutionName(string body)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("name", out JsonElement name) && name.ValueKind == JsonValueKind.String)
            {
                return name.GetString();
            }

            return doc.RootElement.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()!.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1]
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ExecutionStatus(string body)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("properties", out JsonElement properties)
                && properties.TryGetProperty("status", out JsonElement status) && status.ValueKind == JsonValueKind.String
                ? status.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // ARM errors look like {"error":{"code":"...","message":"..."}}.
    private static string ArmError(string body)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out JsonElement error))
            {
                string? code = error.TryGetProperty("code", out JsonElement c) ? c.GetString() : null;
                string? message = error.TryGetProperty("message", out JsonElement m) ? m.GetString() : null;
                return $"{code}: {message}";
            }
        }
        catch (JsonException)
        {
            // Not JSON: show the text itself.
        }

        return Truncate(body);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";

    [LoggerMessage(Level = LogLevel.Information, Message = "Training run {RunId}: started Container Apps Job execution {Execution}")]
    private static partial void LogStarted(ILogger logger, string runId, string execution);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the status of execution {Execution}; retrying")]
    private static partial void LogPollFailed(ILogger logger, string execution, Exception exception);
}
