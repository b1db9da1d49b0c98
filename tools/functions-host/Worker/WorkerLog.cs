using System.Collections.Concurrent;
using Recommender.FunctionsHost.Protocol;

namespace Recommender.FunctionsHost.Worker;

/// <summary>
/// Writes the worker's log messages (RpcLog) to the host's log under their own category and level, so host.json's
/// logging.logLevel filters them as the Functions host does.
/// </summary>
internal sealed class WorkerLog(ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public void Write(RpcLog log)
    {
        ILogger logger = _loggers.GetOrAdd(string.IsNullOrEmpty(log.Category) ? "Worker" : log.Category, loggers.CreateLogger);
        LogLevel level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        if (level == LogLevel.None || !logger.IsEnabled(level))
        {
            return;
        }

        string exception = log.Exception is { } e ? Environment.NewLine + e.Message + Environment.NewLine + e.StackTrace : "";
        logger.WorkerMessage(level, log.Message, exception);
    }
}
