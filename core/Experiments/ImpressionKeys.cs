using System.Globalization;

namespace Recommender.Core.Experiments;

/// <summary>
/// Keys of table <c>impressions</c>, chosen so a time window is a range query:
/// partition key <c>yyyyMMddHH-s</c> (the UTC hour the list was served, then one of 16 shards taken from the id's
/// random last hex digit, which spreads one hour's writes over 16 partitions); row key the recommendation id for the
/// impression, and <c>{id}~like</c> / <c>{id}~dislike</c> for the outcome rows feedback adds beside it. Both kinds
/// derive their partition from the id alone (its UUIDv7 time), so an outcome lands next to its impression, and a
/// window [from, to) reads partitions <c>ge yyyyMMddHH(from)</c> and <c>lt yyyyMMddHH(to + 1 h)</c>: no full scan.
/// </summary>
public static class ImpressionKeys
{
    private const string HourFormat = "yyyyMMddHH";

    /// <summary>Separates a recommendation id from its outcome in row keys; sorts after every hex digit.</summary>
    public const char OutcomeSeparator = '~';

    public static string Partition(string recommendationId)
    {
        DateTimeOffset servedAt = RecommendationId.ServedAt(recommendationId);
        return Hour(servedAt) + "-" + recommendationId[^1];
    }

    public static string OutcomeRow(string recommendationId, string outcome) => recommendationId + OutcomeSeparator + outcome;

    /// <summary>The first partition key of the window's first hour (inclusive).</summary>
    public static string WindowStart(DateTimeOffset from) => Hour(from);

    /// <summary>The first partition key after the window's last hour (exclusive).</summary>
    public static string WindowEnd(DateTimeOffset to) => Hour(to.AddHours(1));

    private static string Hour(DateTimeOffset time) => time.UtcDateTime.ToString(HourFormat, CultureInfo.InvariantCulture);
}
