using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Recommender.Tests.Functions.Training;

/// <summary>
/// A stub of Azure Resource Manager for the Container Apps Jobs API, on Kestrel at 127.0.0.1: it checks each request
/// the way ARM would refuse it (method, path, api-version, bearer token) and answers like ARM: 202 with the new
/// execution's name for POST {job}/start, the execution's status for GET {job}/executions/{name}.
/// </summary>
internal sealed class AzureResourceManagerStub : IAsyncDisposable
{
    public const string ApiVersion = "2024-03-01";
    public const string ExecutionName = "training-job-x7k2p9q";

    private readonly WebApplication _app;
    private readonly string _jobId;
    private readonly string _expectedToken;

    private AzureResourceManagerStub(WebApplication app, string jobId, string expectedToken)
    {
        _app = app;
        _jobId = jobId;
        _expectedToken = expectedToken;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request received, as "METHOD path?query".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Problems found in requests (wrong method, path, version or token); empty when ARM would accept them all.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <summary>The status GET executions/{name} reports.</summary>
    public string ExecutionStatus { get; set; } = "Running";

    /// <summary>When set, POST start answers 403 AuthorizationFailed, as ARM does without the role assignment.</summary>
    public bool DenyStart { get; set; }

    public static async Task<AzureResourceManagerStub> StartAsync(string jobId, string expectedToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var stub = new AzureResourceManagerStub(app, jobId, expectedToken);
        app.Map("/{**path}", stub.HandleAsync);
        await app.StartAsync();
        stub.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        Requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        if (request.Query["api-version"] != ApiVersion)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "MissingApiVersionParameter", $"api-version must be {ApiVersion}, got '{request.Query["api-version"]}'.");
            return;
        }

        if (request.Headers.Authorization != "Bearer " + _expectedToken)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "AuthenticationFailed", $"Authorization header was '{request.Headers.Authorization}'.");
            return;
        }

        string path = request.Path.Value ?? string.Empty;
        if (HttpMethods.IsPost(request.Method) && path == _jobId + "/start")
        {
            if (DenyStart)
            {
                await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.App/jobs/start/action'.");
                return;
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.Headers.Location = $"{Endpoint}{_jobId.TrimStart('/')}/executions/{ExecutionName}?api-version={ApiVersion}";
            await context.Response.WriteAsJsonAsync(new { id = $"{_jobId}/executions/{ExecutionName}", name = ExecutionName });
            return;
        }

        if (HttpMethods.IsGet(request.Method) && path == $"{_jobId}/executions/{ExecutionName}")
        {
            await context.Response.WriteAsJsonAsync(new { id = path, name = ExecutionName, properties = new { status = ExecutionStatus } });
            return;
        }

        await RefuseAsync(context, StatusCodes.Status404NotFound, "NotFound", $"No route for {request.Method} {path}.");
    }

    private Task RefuseAsync(HttpContext context, int status, string code, string message)
    {
        Refusals.Enqueue($"{code}: {message}");
        return WriteErrorAsync(context, status, code, message);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { error = new { code, message } });
    }
}
