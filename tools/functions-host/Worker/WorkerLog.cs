using Recommender.FunctionsHost.Protocol;

namespace Recommender.FunctionsHost.Worker;

/// <summary>Writes the worker's log messages (RpcLog) to the host's log at their own level.</summary>
internal static class WorkerLog
{
    public static void Write(ILogger logger, RpcLog log)
    {
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
        logger.WorkerMessage(level, log.Category, log.Message, exception);
    }
}
