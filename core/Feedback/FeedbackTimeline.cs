using System.Globalization;
using Azure.Data.Tables;

namespace Recommender.Core.Feedback;

/// <summary>
/// Keys of the feedback timeline: a second table beside <c>feedback</c> holding a copy of every event ordered by the
/// time it was logged. Partition = the hour (<c>yyyyMMddHH</c>, UTC), row key = the logging time in ticks (19 digits)
/// then the event id, so "everything logged since T" is one key-range query (<see cref="SinceFilter"/>) whose cost
/// grows with what is new, not with the table, where a filter on the table's own <c>Timestamp</c> scans it all.
/// </summary>
public static class FeedbackTimeline
{
    /// <summary>The timeline table of a feedback table: its name with <c>bytime</c> appended (table <c>feedbackbytime</c>).</summary>
    public static string TableFor(string feedbackTable)
    {
        ArgumentException.ThrowIfNullOrEmpty(feedbackTable);
        return feedbackTable + "bytime";
    }

    /// <summary>The partition of an event logged at <paramref name="loggedAt"/>: its UTC hour.</summary>
    public static string Partition(DateTimeOffset loggedAt) => loggedAt.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    /// <summary>The row key of an event logged at <paramref name="loggedAt"/>: fixed-width ticks sort as time does.</summary>
    public static string Row(DateTimeOffset loggedAt, string eventId) => Ticks(loggedAt) + "-" + eventId;

    /// <summary>
    /// Rows logged at or after <paramref name="since"/>: partitions from its hour on, and within them row keys from its
    /// ticks on. Later hours hold only later ticks, so one lower bound on each key is exact.
    /// </summary>
    public static string SinceFilter(DateTimeOffset since) =>
        TableClient.CreateQueryFilter($"PartitionKey ge {Partition(since)} and RowKey ge {Ticks(since)}");

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
