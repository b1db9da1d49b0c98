using System.Globalization;

namespace Recommender.Core.Data.Internals;

/// <summary>
/// Checks rows the same way whatever file they came from (CSV, MovieLens .dat/u.data or Parquet), counts rejects by
/// reason, keeps the accepted rows, and turns them into a deduplicated <see cref="InteractionTable"/> at the end.
/// </summary>
internal sealed class RatingsRows(RejectReport report, RatingsLayout layout, IdRule idRule)
{
    private const int CancellationCheckInterval = 1 << 16;

    private readonly List<int> _users = [];
    private readonly List<int> _items = [];
    private readonly List<float> _values = [];
    private readonly List<long> _timestamps = [];
    private readonly IdMap _userIds = new();
    private readonly IdMap _itemIds = new();

    public RejectReport Report { get; } = Describe(report, layout, idRule);

    public RatingsLayout Layout { get; } = layout;

    /// <summary>Counts a row read; checks for cancellation now and then.</summary>
    public void CountRow(CancellationToken cancellationToken)
    {
        Report.CountRow();
        if ((Report.RowsRead & (CancellationCheckInterval - 1)) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>A text row: ids and, where the layout has them, the value and timestamp fields as text; <paramref name="raw"/> is the whole row for examples.</summary>
    public void AddText(long line, ReadOnlySpan<char> user, ReadOnlySpan<char> item, ReadOnlySpan<char> value, ReadOnlySpan<char> timestamp, ReadOnlySpan<char> raw)
    {
        user = user.Trim();
        item = item.Trim();
        if (CheckIds(user, item, out string? idProblem) is RejectReason idReason)
        {
            Report.CountReject(idReason, line, idProblem, raw);
            return;
        }

        float parsedValue = 1f;
        if (Layout.Value >= 0)
        {
            value = value.Trim();
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number))
            {
                Report.CountReject(RejectReason.NonNumericValue, line, value, raw);
                return;
            }

            if (!InRange(number))
            {
                Report.CountReject(RejectReason.ValueOutOfRange, line, value, raw);
                return;
            }

            parsedValue = (float)number;
        }

        long seconds = 0;
        if (Layout.Timestamp >= 0 && !TryParseTimestamp(line, timestamp.Trim(), raw, out seconds))
        {
            return;
        }

        Add(user, item, parsedValue, seconds);
    }

    /// <summary>A typed row (Parquet): a null value or timestamp is rejected like an unparsable one.</summary>
    public void AddTyped(long line, ReadOnlySpan<char> user, ReadOnlySpan<char> item, double? value, long? timestamp)
    {
        user = user.Trim();
        item = item.Trim();
        if (CheckIds(user, item, out string? idProblem) is RejectReason idReason)
        {
            Report.CountReject(idReason, line, idProblem, TypedText(user, item, value, timestamp));
            return;
        }

        float parsedValue = 1f;
        if (Layout.Value >= 0)
        {
            if (value is not double number || !double.IsFinite(number))
            {
                Report.CountReject(RejectReason.NonNumericValue, line, value is null ? "null" : value.Value.ToString(CultureInfo.InvariantCulture), TypedText(user, item, value, timestamp));
                return;
            }

            if (!InRange(number))
            {
                Report.CountReject(RejectReason.ValueOutOfRange, line, number.ToString(CultureInfo.InvariantCulture), TypedText(user, item, value, timestamp));
                return;
            }

            parsedValue = (float)number;
        }

        if (Layout.Timestamp >= 0 && timestamp is null)
        {
            Report.CountReject(RejectReason.BadTimestamp, line, "null", TypedText(user, item, value, timestamp));
            return;
        }

        Add(user, item, parsedValue, timestamp ?? 0);
    }

    /// <summary>Parses a timestamp field, counting a reject when it is not one.</summary>
    public bool TryParseTimestamp(long line, ReadOnlySpan<char> field, ReadOnlySpan<char> raw, out long seconds)
    {
        bool parsed = Layout.IsoTimestamps
            ? TimestampParser.TryParseUnixOrIso(field, out seconds)
            : TimestampParser.TryParseUnixSeconds(field, out seconds);
        if (!parsed)
        {
            Report.CountReject(RejectReason.BadTimestamp, line, field, raw);
        }

        return parsed;
    }

    /// <summary>Builds the table; throws when nothing was read or too many rows were rejected.</summary>
    public InteractionTable ToTable(double maxRejectRate)
    {
        if (Report.RowsRead == 0)
        {
            throw new DataFormatException($"{Report.Source}: the file has no data rows.") { Report = Report };
        }

        Report.ThrowIfOverLimit(maxRejectRate);
        int[] userIndices = [.. _users];
        int[] itemIndices = [.. _items];
        float[] values = [.. _values];
        long[] timestamps = [.. _timestamps];
        bool[]? keep = DuplicateResolver.FindSurvivors(_userIds.Count, userIndices, itemIndices, timestamps, out int dropped);
        if (keep is not null)
        {
            Report.CountDuplicatesMerged(dropped);
            userIndices = Compact(userIndices, keep, dropped);
            itemIndices = Compact(itemIndices, keep, dropped);
            values = Compact(values, keep, dropped);
            timestamps = Compact(timestamps, keep, dropped);
        }

        return new InteractionTable(_userIds, _itemIds, userIndices, itemIndices, values, timestamps, Report);
    }

    // The report records the rules the rows were checked against, so the data-quality report can name them.
    private static RejectReport Describe(RejectReport report, RatingsLayout layout, IdRule idRule)
    {
        report.MinValue = double.IsFinite(layout.MinValue) ? layout.MinValue : null;
        report.MaxValue = double.IsFinite(layout.MaxValue) ? layout.MaxValue : null;
        report.IdRule = idRule.Description;
        return report;
    }

    private bool InRange(double number) => number >= Layout.MinValue && number <= Layout.MaxValue;

    /// <summary>Null when both ids are usable; else the reason and which id broke it.</summary>
    private RejectReason? CheckIds(ReadOnlySpan<char> user, ReadOnlySpan<char> item, out string? problem)
    {
        if (user.IsEmpty || item.IsEmpty)
        {
            problem = user.IsEmpty ? "empty user id" : "empty item id";
            return RejectReason.EmptyId;
        }

        bool userOk = idRule.Accepts(user);
        if (!userOk || !idRule.Accepts(item))
        {
            problem = userOk ? $"item id '{Cut(item)}'" : $"user id '{Cut(user)}'";
            return RejectReason.InvalidId;
        }

        problem = null;
        return null;
    }

    private static string Cut(ReadOnlySpan<char> id) => id.Length > 40 ? string.Concat(id[..40], "...") : id.ToString();

    // A Parquet row has no text of its own: the example shows its fields as a CSV line would.
    private static string TypedText(ReadOnlySpan<char> user, ReadOnlySpan<char> item, double? value, long? timestamp) =>
        string.Create(CultureInfo.InvariantCulture, $"{user},{item},{(value is double v ? v.ToString(CultureInfo.InvariantCulture) : "null")},{(timestamp is long t ? t.ToString(CultureInfo.InvariantCulture) : "null")}");

    private void Add(ReadOnlySpan<char> user, ReadOnlySpan<char> item, float value, long timestamp)
    {
        _users.Add(_userIds.GetOrAdd(user));
        _items.Add(_itemIds.GetOrAdd(item));
        _values.Add(value);
        _timestamps.Add(timestamp);
    }

    private static T[] Compact<T>(T[] source, bool[] keep, int dropped)
    {
        var result = new T[source.Length - dropped];
        int write = 0;
        for (int i = 0; i < source.Length; i++)
        {
            if (keep[i])
            {
                result[write++] = source[i];
            }
        }

        return result;
    }
}
