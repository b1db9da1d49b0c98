using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Recommender.FunctionsHost;
using Recommender.FunctionsHost.Configuration;
using Recommender.FunctionsHost.Http;
using Recommender.FunctionsHost.Worker;

// A local stand-in for the Azure Functions host (dev and test tooling; never deployed): starts the worker in
// --app, speaks the host-worker gRPC protocol with it, and runs its HTTP, queue and timer triggers.
var options = new ConfigurationBuilder().AddCommandLine(args, FunctionsHostOptions.Switches.ToDictionary()).Build().Get<FunctionsHostOptions>() ?? new FunctionsHostOptions();
if (string.IsNullOrEmpty(options.App) || !Directory.Exists(options.App))
{
    Console.Error.WriteLine("usage: functions-host --app <worker build output> [--port 7071] [--address 127.0.0.1] [--settings local.settings.json]");
    Console.Error.WriteLine(string.IsNullOrEmpty(options.App) ? "error: --app is required" : $"error: {options.App} is not a folder");
    return 2;
}

string appDirectory = Path.GetFullPath(options.App);
AppSettings settings = AppSettings.Load(options.Settings);
IConfiguration hostJson = HostJson.Read(Path.Combine(appDirectory, "host.json"), settings);
var hostContext = new HostContext(appDirectory, settings, HostJson.Load(Path.Combine(appDirectory, "host.json"), settings));
int httpPort = options.Port == 0 ? FreePort() : options.Port;
int grpcPort = FreePort();

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
builder.Logging.AddSimpleConsole(c => { c.SingleLine = true; c.TimestampFormat = "HH:mm:ss "; });
builder.Logging.AddConfiguration(hostJson.GetSection("logging"));
builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Parse(options.Address), httpPort, listen => listen.Protocols = HttpProtocols.Http1);

    // The worker's event stream: HTTP/2 without TLS, loopback only.
    kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
    // No server-wide body limit: the worker's event stream lives as long as the host. HttpForwarder applies the
    // Functions host's request limit to each HTTP function call; the gRPC options bound each stream message.
    kestrel.Limits.MaxRequestBodySize = null;
    kestrel.AddServerHeader = false;
});
builder.Services.AddGrpc(grpc =>
{
    grpc.MaxReceiveMessageSize = WorkerProcess.MaxMessageLength;
    grpc.MaxSendMessageSize = WorkerProcess.MaxMessageLength;
});
builder.Services.AddSingleton(hostContext);
builder.Services.AddSingleton(new WorkerIdentity(Guid.NewGuid().ToString()));
builder.Services.AddSingleton<WorkerLog>();
builder.Services.AddSingleton<WorkerChannel>();
builder.Services.AddSingleton<FunctionsRuntime>();
builder.Services.AddSingleton(HttpForwarder.CreateClient());
builder.Services.AddSingleton<HttpForwarder>();
builder.Services.AddProblemDetails();

var app = builder.Build();
app.MapGrpcService<FunctionRpcService>();
AdminEndpoints.Map(app);
HttpForwarder forwarder = app.Services.GetRequiredService<HttpForwarder>();
app.Map("/{**path}", forwarder.HandleAsync);

await app.StartAsync();
var runtime = app.Services.GetRequiredService<FunctionsRuntime>();
var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
try
{
    await runtime.StartAsync(new Uri($"http://127.0.0.1:{grpcPort}/"), app.Lifetime.ApplicationStopping);
    Console.WriteLine($"Functions host ready on http://{options.Address}:{httpPort} ({runtime.Ready?.Functions.Count ?? 0} functions). Ctrl+C stops it.");
    await stopping.Task;
}
catch (Exception exception) when (exception is InvalidOperationException or IOException or InvalidDataException or FormatException)
{
    Console.Error.WriteLine($"functions-host: error: {exception.Message}");
    Environment.ExitCode = 1;
}

// Triggers first, then the worker, then the server, so nothing in flight loses its worker.
await runtime.StopAsync();
await app.StopAsync();
return Environment.ExitCode;

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
