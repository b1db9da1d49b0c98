using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Recommender.Core.Experiments;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Experiments;

/// <summary>GET /api/experiments/metrics: online figures per model version and variant over a time window (admin).</summary>
public sealed class ExperimentMetricsEndpoint(ImpressionLog log, ImpressionSender sender, TimeProvider time)
{
    /// <summary>The widest window one request may read (it reads every impression row in it).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    /// <summary>The window when <c>from</c> is not given: the last day before <c>to</c>.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(1);

    /// <summary>
    /// Impressions served in [from, to) (ISO 8601; to defaults to now, from to a day before to), with the likes and
    /// dislikes logged for them so far; 400 problem+json naming from or to when the window is not valid.
    /// </summary>
    [Function("ExperimentMetrics")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "experiments/metrics")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryParseTime(request.Query, "from", out DateTimeOffset? from))
        {
            return Problems.BadRequest(TimeFormat("from"), "from");
        }

        if (!TryParseTime(request.Query, "to", out DateTimeOffset? to))
        {
            return Problems.BadRequest(TimeFormat("to"), "to");
        }

        DateTimeOffset end = to ?? time.GetUtcNow();
        DateTimeOffset start = from ?? end - DefaultWindow;
        if (start >= end)
        {
            return Problems.BadRequest("from must be earlier than to.", "from");
        }

        if (end - start > MaxWindow)
        {
            return Problems.BadRequest($"The window from..to may span at most {MaxWindow.TotalDays:0} days.", "from");
        }

        IReadOnlyList<VariantMetrics> metrics = await log.ReadMetricsAsync(start, end, cancellationToken).ConfigureAwait(false);
        var groups = new List<VariantMetricsResponse>(metrics.Count);
        foreach (VariantMetrics group in metrics)
        {
            groups.Add(VariantMetricsResponse.From(group));
        }

        return TypedResults.Ok(new ExperimentMetricsResponse(start, end, groups) { ImpressionsDroppedOnThisInstance = sender.Dropped });
    }

    private static string TimeFormat(string name) =>
        $"{name} must be one ISO 8601 date and time such as 2026-11-29T21:00:00Z (UTC when no offset is given), from 2000 on.";

    private static bool TryParseTime(IQueryCollection query, string name, out DateTimeOffset? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var values))
        {
            return true;
        }

        if (values.Count != 1 || !DateTimeOffset.TryParse(values[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed)
            || parsed.Year < 2000)
        {
            return false;
        }

        value = parsed;
        return true;
    }
}
