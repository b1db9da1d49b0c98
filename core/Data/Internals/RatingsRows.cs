using System.Globalization;

namespace Recommender.Core.Data.Internals;

/// <summary>
/// Checks rows the same way whatever file they came from (CSV, MovieLens .dat or Parquet), counts rejects by
/// reason, keeps the accepted rows, and turns them into a deduplicated <see cref="InteractionTable"/> at the end.
/// </summary>
internal sealed class RatingsRows(RejectReport report, RatingsLayout layout)
{
    private const int CancellationCheckInterval = 1 << 16;

    private readonly List<int> _users = [];
    private readonly List<int> _items = [];
    private readonly List<float> _values = [];
    private readonly List<long> _timestamps = [];
    private readonly IdMap _userIds = new();
    private readonly IdMap _itemIds = new();

    public RejectReport Report { get; } = report;

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

    /// <summary>A text row: ids and, where the layout has them, the value and timestamp fields as text.</summary>
    public void AddText(long line, ReadOnlySpan<char> user, ReadOnlySpan<char> item, ReadOnlySpan<char> value, ReadOnlySpan<char> timestamp)
    {
        user = user.Trim();
        item = item.Trim();
        if (!IdsPresent(line, user, item))
        {
            return;
        }

        float parsedValue = 1f;
        if (Layout.Value >= 0)
        {
            value = value.Trim();
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number))
            {
                Report.CountReject(RejectReason.NonNumericValue, line, value);
                return;
            }

            if (!TryCheckRange(line, number, value))
            {
                return;
            }

            parsedValue = (float)number;
        }

        long seconds = 0;
        if (Layout.Timestamp >= 0 && !TryParseTimestamp(line, timestamp.Trim(), out seconds))
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
        if (!IdsPresent(line, user, item))
        {
            return;
        }

        float parsedValue = 1f;
        if (Layout.Value >= 0)
        {
            if (value is not double number || !double.IsFinite(number))
            {
                Report.CountReject(RejectReason.NonNumericValue, line, value is null ? "null" : value.Value.ToString(CultureInfo.InvariantCulture));
                return;
            }

            if (!TryCheckRange(line, number, number.ToString(CultureInfo.InvariantCulture)))
            {
                return;
            }

            parsedValue = (float)number;
        }

        if (Layout.Timestamp >= 0 && timestamp is null)
        {
            Report.CountReject(RejectReason.BadTimestamp, line, "null");
            return;
        }

        Add(user, item, parsedValue, timestamp ?? 0);
    }

    /// <summary>Parses a timestamp field, counting a reject when it is not one.</summary>
    public bool TryParseTimestamp(long line, ReadOnlySpan<char> field, out long seconds)
    {
        bool parsed = Layout.IsoTimestamps
            ? TimestampParser.TryParseUnixOrIso(field, out seconds)
            : TimestampParser.TryParseUnixSeconds(field, out seconds);
        if (!parsed)
        {
            Report.CountReject(RejectReason.BadTimestamp, line, field);
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

    private bool TryCheckRange(long line, double number, ReadOnlySpan<char> excerpt)
    {
        if (number < Layout.MinValue || number > Layout.MaxValue)
        {
            Report.CountReject(RejectReason.ValueOutOfRange, line, excerpt);
            return false;
        }

        return true;
    }

    private bool IdsPresent(long line, ReadOnlySpan<char> user, ReadOnlySpan<char> item)
    {
        if (user.IsEmpty || item.IsEmpty)
        {
            Report.CountReject(RejectReason.EmptyId, line, user.IsEmpty ? "empty user id" : "empty item id");
            return false;
        }

        return true;
    }

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
