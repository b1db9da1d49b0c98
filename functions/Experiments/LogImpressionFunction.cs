using Microsoft.Azure.Functions.Worker;
using Recommender.Core.Experiments;

namespace Recommender.Functions.Experiments;

/// <summary>
/// LogImpression: writes each impression from queue <c>impressions</c> to table <c>impressions</c>, as LogFeedback does
/// for feedback: keyed by recommendation id (a redelivery writes nothing new), an invalid message throws and goes to
/// <c>impressions-poison</c> after host.json's maxDequeueCount attempts, a storage failure throws and is retried.
/// </summary>
public sealed partial class LogImpressionFunction(ImpressionLog log, ILogger<LogImpressionFunction> logger)
{
    public const string FunctionName = "LogImpression";

    /// <summary>The queue the trigger reads; the same name as <see cref="Hosting.StorageLayoutOptions.ImpressionsQueue"/>'s default.</summary>
    public const string QueueName = "impressions";

    [Function(FunctionName)]
    public async Task RunAsync(
        [QueueTrigger(QueueName, Connection = "RecommenderStorage")] string message,
        CancellationToken cancellationToken)
    {
        Impression impression = Impression.Parse(message);
        bool written = await log.WriteAsync(impression, cancellationToken).ConfigureAwait(false);
        LogLogged(logger, impression.RecommendationId, written);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Impression {RecommendationId} logged (new row: {Written})")]
    private static partial void LogLogged(ILogger logger, string recommendationId, bool written);
}
