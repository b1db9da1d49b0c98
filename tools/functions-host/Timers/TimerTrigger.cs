using Recommender.FunctionsHost.Metadata;
using Recommender.FunctionsHost.Protocol;
using Recommender.FunctionsHost.Worker;

namespace Recommender.FunctionsHost.Timers;

/// <summary>Invokes a timer-triggered function at each occurrence of its schedule (and at start with runOnStartup).</summary>
internal sealed class TimerTrigger(FunctionDescriptor function, TimerSchedule schedule, bool runOnStartup, WorkerChannel channel, TimeProvider time, ILogger logger)
{
    // An occurrence that fires later than this is reported as past due.
    private static readonly TimeSpan _pastDueAfter = TimeSpan.FromSeconds(2);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? last = null;
        if (runOnStartup)
        {
            await InvokeAsync(last, schedule.Next(time.GetUtcNow()), isPastDue: false, cancellationToken).ConfigureAwait(false);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            DateTimeOffset next = schedule.Next(time.GetUtcNow());
            logger.TimerNext(function.Name, next, schedule.Expression);
            try
            {
                await WaitUntilAsync(next, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            bool pastDue = time.GetUtcNow() - next > _pastDueAfter;
            await InvokeAsync(last, schedule.Next(next), pastDue, cancellationToken).ConfigureAwait(false);
            last = next;
        }
    }

    /// <summary>Runs the function once now, as the admin API does for a timer function.</summary>
    public Task InvokeNowAsync(CancellationToken cancellationToken) =>
        InvokeAsync(null, schedule.Next(time.GetUtcNow()), isPastDue: false, cancellationToken);

    private async Task InvokeAsync(DateTimeOffset? last, DateTimeOffset next, bool isPastDue, CancellationToken cancellationToken)
    {
        try
        {
            InvocationResponse response = await channel.InvokeAsync(Invocations.Timer(function, last, next, isPastDue), cancellationToken).ConfigureAwait(false);
            if (response.Result?.Status != StatusResult.Types.Status.Success)
            {
                logger.FunctionFailed(function.Name, response.Result?.Exception?.Message);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            logger.FunctionNotRun(function.Name, exception.Message);
        }
    }

    // Task.Delay takes at most about 49 days, so long waits are taken in steps.
    private async Task WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        TimeSpan step = TimeSpan.FromDays(1);
        for (TimeSpan left = due - time.GetUtcNow(); left > TimeSpan.Zero; left = due - time.GetUtcNow())
        {
            await Task.Delay(left < step ? left : step, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
