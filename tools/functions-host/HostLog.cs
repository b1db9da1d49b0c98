namespace Recommender.FunctionsHost;

/// <summary>The host's log messages (source-generated: no formatting unless the level is enabled).</summary>
internal static partial class HostLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Started worker {Worker} (pid {Pid})")]
    public static partial void WorkerStarted(this ILogger logger, string worker, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker initialised; its HTTP endpoint is {HttpUri}")]
    public static partial void WorkerInitialised(this ILogger logger, Uri httpUri);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function}: [{Methods}] /{Route}{Key}")]
    public static partial void HttpRoute(this ILogger logger, string function, string methods, string route, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AdminKey is not set: routes that need a function key answer 401")]
    public static partial void AdminKeyMissing(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function}: trigger {Trigger} is not supported here; the function is not run")]
    public static partial void TriggerUnsupported(this ILogger logger, string function, string trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function}: polling queue {Queue} (batch {Batch}, poison after {MaxDequeueCount} tries)")]
    public static partial void QueuePolling(this ILogger logger, string function, string queue, int batch, int maxDequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The worker did not stop within {Seconds} s; killing it")]
    public static partial void WorkerKilled(this ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker stopped (exit code {Code})")]
    public static partial void WorkerStopped(this ILogger logger, int code);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The worker exited unexpectedly (code {Code}); stopping the host")]
    public static partial void WorkerExited(this ILogger logger, int code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function}: polling queue {Queue} failed: {Reason}")]
    public static partial void QueuePollFailed(this ILogger logger, string function, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function}: message {Id} is not {Encoding}-encoded")]
    public static partial void MessageNotEncoded(this ILogger logger, string function, string id, string encoding);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function}: message {Id} failed (try {Count}): {Reason}")]
    public static partial void MessageRetry(this ILogger logger, string function, string id, long count, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function}: message {Id} failed {Count} times: {Reason}")]
    public static partial void MessageGaveUp(this ILogger logger, string function, string id, long count, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function}: message {Id} was not processed: {Reason}")]
    public static partial void MessageNotProcessed(this ILogger logger, string function, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function}: message {Id} moved to {Poison}")]
    public static partial void MessagePoisoned(this ILogger logger, string function, string id, string poison);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function}: next run at {Next:O} ({Schedule})")]
    public static partial void TimerNext(this ILogger logger, string function, DateTimeOffset next, string schedule);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} failed: {Reason}")]
    public static partial void FunctionFailed(this ILogger logger, string function, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} was not run: {Reason}")]
    public static partial void FunctionNotRun(this ILogger logger, string function, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} ({InvocationId}) failed: {Reason}")]
    public static partial void InvocationFailed(this ILogger logger, string function, string invocationId, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function}: the worker's HTTP endpoint did not answer")]
    public static partial void WorkerHttpFailed(this ILogger logger, Exception exception, string function);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The worker's stream broke")]
    public static partial void StreamBroke(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring {Kind} from the worker")]
    public static partial void MessageIgnored(this ILogger logger, Protocol.StreamingMessage.ContentOneofCase kind);

    [LoggerMessage(Message = "{Message}{Exception}")]
    public static partial void WorkerMessage(this ILogger logger, LogLevel level, string message, string exception);
}
