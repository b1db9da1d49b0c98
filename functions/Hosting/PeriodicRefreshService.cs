namespace Recommender.Functions.Hosting;

/// <summary>
/// Runs one in-memory cache's refresh every <see cref="Period"/> (and once at start when <see cref="RefreshAtStart"/>)
/// until the host stops, so every instance follows what another instance wrote within that period. A refresh reports
/// its own failures; this loop only keeps time.
/// </summary>
public abstract class PeriodicRefreshService(TimeProvider time) : BackgroundService
{
    protected abstract TimeSpan Period { get; }

    protected virtual bool RefreshAtStart => true;

    protected abstract Task RefreshAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and listen) before the first read touches storage.
        await Task.Yield();
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            if (RefreshAtStart)
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }

            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>A period of at least one second from a setting in seconds.</summary>
    protected static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(Math.Max(1, seconds));
}
