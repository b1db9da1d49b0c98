using Azure.Storage.Queues;
using Google.Protobuf.WellKnownTypes;
using Recommender.FunctionsHost.Configuration;
using Recommender.FunctionsHost.Http;
using Recommender.FunctionsHost.Metadata;
using Recommender.FunctionsHost.Protocol;
using Recommender.FunctionsHost.Queues;
using Recommender.FunctionsHost.Timers;
using Recommender.FunctionsHost.Worker;

namespace Recommender.FunctionsHost;

/// <summary>
/// The life of one worker: start the process, initialise it, learn and load its functions, run the queue and timer
/// triggers, and at shutdown stop the triggers, ask the worker to terminate and wait for it.
/// </summary>
internal sealed class FunctionsRuntime(
    WorkerChannel channel,
    WorkerIdentity identity,
    HostContext host,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : IDisposable
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _terminateGrace = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = loggers.CreateLogger("Host.Startup");
    private readonly CancellationTokenSource _triggersStop = new();
    private readonly List<Task> _triggers = [];
    private readonly Dictionary<string, Func<string?, CancellationToken, Task>> _manualRuns = new(StringComparer.OrdinalIgnoreCase);
    private WorkerProcess? _worker;
    private volatile RuntimeState? _ready;
    private bool _stopping;

    public WorkerChannel Channel => channel;

    /// <summary>Set once every function is loaded; null while starting.</summary>
    public RuntimeState? Ready => _ready;

    public async Task StartAsync(Uri grpcUri, CancellationToken cancellationToken)
    {
        WorkerConfig config = WorkerConfig.Read(host.AppDirectory);
        _worker = WorkerProcess.Start(config, host.AppDirectory, grpcUri, identity.WorkerId, host.Settings);
        _logger.WorkerStarted(config.WorkerPath, _worker.Id);
        _ = WatchWorkerAsync(_worker);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_startTimeout);
        Task exited = _worker.WaitForExitAsync(timeout.Token);
        if (await Task.WhenAny(channel.Connected, exited).ConfigureAwait(false) != channel.Connected)
        {
            throw new InvalidOperationException(_worker.HasExited
                ? $"The worker exited with code {_worker.ExitCode} before it connected."
                : $"The worker did not connect within {_startTimeout.TotalSeconds:0} s.");
        }

        Uri workerHttp = await InitialiseAsync(timeout.Token).ConfigureAwait(false);
        IReadOnlyList<FunctionDescriptor> functions = await ReadFunctionsAsync(timeout.Token).ConfigureAwait(false);
        await Task.WhenAll(functions.Select(f => LoadAsync(f, timeout.Token))).ConfigureAwait(false);

        var routes = new List<HttpFunctionRoute>();
        foreach (FunctionDescriptor function in functions)
        {
            string trigger = function.Trigger.Type;
            if (trigger.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                routes.Add(HttpFunctionRoute.Create(function, host.HostJson.RoutePrefix));
            }
            else if (trigger.Equals("queueTrigger", StringComparison.OrdinalIgnoreCase))
            {
                StartQueueTrigger(function);
            }
            else if (trigger.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase))
            {
                StartTimerTrigger(function);
            }
            else
            {
                _logger.TriggerUnsupported(function.Name, trigger);
            }
        }

        var table = new RouteTable(routes);
        foreach (HttpFunctionRoute route in table.Routes)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.HttpRoute(route.Function.Name, string.Join(',', route.Methods).ToUpperInvariant(), route.Template.Text, route.RequiresKey ? " (function key)" : "");
            }
        }

        var keys = new FunctionKeys(host.Settings["AdminKey"]);
        if (!keys.IsConfigured && table.Routes.Any(r => r.RequiresKey))
        {
            _logger.AdminKeyMissing();
        }

        _ready = new RuntimeState(table, keys, workerHttp, functions);
    }

    /// <summary>Runs a non-HTTP function once now (the admin API's POST /admin/functions/{name}).</summary>
    public bool TryRunNow(string name, string? input, CancellationToken cancellationToken, out Task run)
    {
        if (_manualRuns.TryGetValue(name, out var start))
        {
            run = start(input, cancellationToken);
            return true;
        }

        run = Task.CompletedTask;
        return false;
    }

    public async Task StopAsync()
    {
        _stopping = true;
        _ready = null;
        await _triggersStop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_triggers).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_worker is null)
        {
            return;
        }

        if (!_worker.HasExited)
        {
            var terminate = new StreamingMessage { RequestId = Guid.NewGuid().ToString(), WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(_terminateGrace) } };
            await channel.SendAsync(terminate, CancellationToken.None).ConfigureAwait(false);
            using var grace = new CancellationTokenSource(_terminateGrace);
            await _worker.WaitForExitAsync(grace.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!_worker.HasExited)
            {
                _logger.WorkerKilled(_terminateGrace.TotalSeconds);
                _worker.Kill();
                await _worker.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        _logger.WorkerStopped(_worker.ExitCode);
        _worker.Dispose();
    }

    public void Dispose() => _triggersStop.Dispose();

    private async Task<Uri> InitialiseAsync(CancellationToken cancellationToken)
    {
        var request = new WorkerInitRequest { HostVersion = HostContext.HostVersion, WorkerDirectory = host.AppDirectory, FunctionAppDirectory = host.AppDirectory };
        StreamingMessage reply = await channel.RequestAsync(new StreamingMessage { WorkerInitRequest = request }, cancellationToken).ConfigureAwait(false);
        WorkerInitResponse init = reply.WorkerInitResponse ?? throw new InvalidOperationException($"The worker answered WorkerInitRequest with {reply.ContentCase}.");
        EnsureSuccess(init.Result, "initialise");
        if (!init.Capabilities.TryGetValue("HttpUri", out string? httpUri) || !Uri.TryCreate(httpUri, UriKind.Absolute, out Uri? uri))
        {
            throw new InvalidOperationException("The worker reports no HttpUri capability: HTTP functions need the ASP.NET Core integration (ConfigureFunctionsWebApplication).");
        }

        _logger.WorkerInitialised(uri);
        return uri;
    }

    private async Task<IReadOnlyList<FunctionDescriptor>> ReadFunctionsAsync(CancellationToken cancellationToken)
    {
        var request = new FunctionsMetadataRequest { FunctionAppDirectory = host.AppDirectory };
        StreamingMessage reply = await channel.RequestAsync(new StreamingMessage { FunctionsMetadataRequest = request }, cancellationToken).ConfigureAwait(false);
        FunctionMetadataResponse? metadata = reply.FunctionMetadataResponse;
        if (metadata is null || metadata.UseDefaultMetadataIndexing || metadata.FunctionMetadataResults.Count == 0)
        {
            return FunctionMetadataFile.Read(host.AppDirectory);
        }

        EnsureSuccess(metadata.Result, "index its functions");
        var functions = new List<FunctionDescriptor>();
        foreach (RpcFunctionMetadata function in metadata.FunctionMetadataResults)
        {
            string directory = string.IsNullOrEmpty(function.Directory) ? host.AppDirectory : function.Directory;
            functions.Add(new FunctionDescriptor(
                function.Name,
                string.IsNullOrEmpty(function.FunctionId) ? Guid.NewGuid().ToString() : function.FunctionId,
                Path.GetFullPath(function.ScriptFile, directory),
                function.EntryPoint,
                function.RawBindings.Select(FunctionBinding.Parse).ToList()));
        }

        return functions;
    }

    private async Task LoadAsync(FunctionDescriptor function, CancellationToken cancellationToken)
    {
        var metadata = new RpcFunctionMetadata
        {
            Name = function.Name,
            FunctionId = function.FunctionId,
            Directory = host.AppDirectory,
            ScriptFile = function.ScriptFile,
            EntryPoint = function.EntryPoint,
            Language = "dotnet-isolated",
        };
        foreach (FunctionBinding binding in function.Bindings)
        {
            metadata.RawBindings.Add(binding.Json);
            metadata.Bindings[binding.Name] = new BindingInfo
            {
                Type = binding.Type,
                Direction = binding.IsInput ? BindingInfo.Types.Direction.In : BindingInfo.Types.Direction.Out,
                DataType = binding.DataType?.ToUpperInvariant() switch
                {
                    "STRING" => BindingInfo.Types.DataType.String,
                    "BINARY" => BindingInfo.Types.DataType.Binary,
                    "STREAM" => BindingInfo.Types.DataType.Stream,
                    _ => BindingInfo.Types.DataType.Undefined,
                },
            };
        }

        var request = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = metadata };
        StreamingMessage reply = await channel.RequestAsync(new StreamingMessage { FunctionLoadRequest = request }, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(reply.FunctionLoadResponse?.Result, $"load {function.Name}");
    }

    private void StartQueueTrigger(FunctionDescriptor function)
    {
        FunctionBinding trigger = function.Trigger;
        string queueName = host.Settings.Resolve(trigger.Property("queueName") ?? throw new InvalidDataException($"{function.Name}: queueTrigger has no queueName."));
        string connection = trigger.Property("connection") ?? "AzureWebJobsStorage";
        string connectionString = host.Settings[connection] ?? host.Settings["AzureWebJobs" + connection]
            ?? throw new InvalidOperationException($"{function.Name}: the app setting '{connection}' (the queue's connection string) is not set.");
        var service = new QueueServiceClient(connectionString);
        var queue = new QueueTrigger(
            function,
            service.GetQueueClient(queueName),
            service.GetQueueClient(queueName + "-poison"),
            host.HostJson.Queues,
            lease: host.HostJson.FunctionTimeout,
            channel,
            loggers.CreateLogger("Host.Triggers.Queue"));
        _triggers.Add(Task.Run(() => queue.RunAsync(_triggersStop.Token)));
        _manualRuns[function.Name] = async (input, ct) =>
        {
            var info = new QueueMessageInfo(Guid.NewGuid().ToString(), input ?? "", 1, DateTimeOffset.UtcNow, null);
            await channel.InvokeAsync(Invocations.Queue(function, info), ct).ConfigureAwait(false);
        };
        _logger.QueuePolling(function.Name, queueName, host.HostJson.Queues.BatchSize, host.HostJson.Queues.MaxDequeueCount);
    }

    private void StartTimerTrigger(FunctionDescriptor function)
    {
        FunctionBinding trigger = function.Trigger;
        var schedule = TimerSchedule.Parse(host.Settings.Resolve(trigger.Property("schedule") ?? throw new InvalidDataException($"{function.Name}: timerTrigger has no schedule.")));
        bool runOnStartup = bool.TryParse(trigger.Property("runOnStartup"), out bool run) && run;
        var timer = new TimerTrigger(function, schedule, runOnStartup, channel, TimeProvider.System, loggers.CreateLogger("Host.Triggers.Timer"));
        _triggers.Add(Task.Run(() => timer.RunAsync(_triggersStop.Token)));
        _manualRuns[function.Name] = (_, ct) => timer.InvokeNowAsync(ct);
    }

    private async Task WatchWorkerAsync(WorkerProcess worker)
    {
        await worker.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        if (!_stopping)
        {
            _logger.WorkerExited(worker.ExitCode);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private static void EnsureSuccess(StatusResult? result, string what)
    {
        if (result?.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"The worker could not {what}: {result?.Exception?.Message ?? result?.Result ?? "no result"}");
        }
    }
}

/// <summary>What HTTP requests need once the functions are loaded.</summary>
internal sealed record RuntimeState(RouteTable Routes, FunctionKeys Keys, Uri WorkerHttpUri, IReadOnlyList<FunctionDescriptor> Functions);

/// <summary>The app being hosted: its folder, its app settings and its host.json.</summary>
internal sealed record HostContext(string AppDirectory, AppSettings Settings, HostJson HostJson)
{
    public const string HostVersion = "4.0.0-local";
}
