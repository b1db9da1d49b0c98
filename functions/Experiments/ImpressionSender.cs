using System.Threading.Channels;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Recommender.Core.AzureStorage;
using Recommender.Core.Experiments;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Experiments;

/// <summary>
/// Sends sampled impressions to queue <c>impressions</c> off the request path: a request only writes to a bounded
/// in-memory channel (never waits, never throws), and this background service drains it to the queue. When the
/// channel is full or the queue refuses a message, the impression is dropped, counted in <see cref="Dropped"/> and
/// logged; the recommendation has been answered already.
/// </summary>
public sealed partial class ImpressionSender(QueueServiceClient queues, StorageLayoutOptions layout, IOptions<RecommenderOptions> options, ILogger<ImpressionSender> logger) : BackgroundService
{
    /// <summary>Impressions waiting beyond this many are dropped rather than held in memory.</summary>
    public const int Capacity = 10_000;

    // A few sends in flight keep up with a busy instance; the queue client is thread-safe.
    private const int Senders = 4;

    private readonly Channel<Impression> _pending = Channel.CreateBounded<Impression>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleWriter = false, SingleReader = false });

    private long _dropped;
    private long _sent;

    /// <summary>Impressions this instance sampled but could not put on the queue since it started.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Impressions this instance put on the queue since it started.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Whether to log a list served now: true for a share <c>ImpressionSampleRate</c> of the lists.</summary>
    public bool Sample() => options.Value.ImpressionSampleRate switch
    {
        >= 1 => true,
        <= 0 => false,
        double rate => Random.Shared.NextDouble() < rate,
    };

    /// <summary>Queues an impression for sending; returns at once.</summary>
    public void Publish(Impression impression)
    {
        if (!_pending.Writer.TryWrite(impression))
        {
            Drop(impression.RecommendationId, "the send buffer is full");
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        QueueClient queue = queues.GetQueueClient(layout.ImpressionsQueue);
        var loops = new Task[Senders];
        for (int i = 0; i < loops.Length; i++)
        {
            loops[i] = SendLoopAsync(queue, stoppingToken);
        }

        return Task.WhenAll(loops);
    }

    private async Task SendLoopAsync(QueueClient queue, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (Impression impression in _pending.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await QueueSend.SendAsync(queue, impression.ToJson(), stoppingToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _sent);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Drop(impression.RecommendationId, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: impressions still buffered are not sent (sampling already makes the log a sample).
        }
    }

    private void Drop(string recommendationId, string reason)
    {
        long dropped = Interlocked.Increment(ref _dropped);

        // The first drop and then every hundredth: an outage should not flood the log with one line per request.
        if (dropped == 1 || dropped % 100 == 0)
        {
            LogDropped(logger, recommendationId, reason, dropped);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Impression {RecommendationId} was not logged ({Reason}); {Dropped} dropped on this instance so far")]
    private static partial void LogDropped(ILogger logger, string recommendationId, string reason, long dropped);
}
