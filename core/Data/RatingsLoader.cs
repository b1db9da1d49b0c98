using System.Globalization;
using System.Text;

namespace Recommender.Core.Data;

/// <summary>
/// Loads ratings (MovieLens ratings.csv, MovieLens ratings.dat, or generic CSV with named columns) into an
/// <see cref="InteractionTable"/>, counting malformed rows by reason and merging duplicate (user, item) pairs.
/// </summary>
public static class RatingsLoader
{
    private const int CancellationCheckInterval = 1 << 16;
    private static readonly string[] _movieLensHeader = ["userId", "movieId", "rating", "timestamp"];

    /// <summary>Loads the file at <paramref name="path"/>.</summary>
    public static InteractionTable Load(string path, RatingsLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Load(stream, path, options, cancellationToken);
    }

    /// <summary>Loads from a stream (a file or a downloaded blob); <paramref name="name"/> picks the format by extension and names the source in messages.</summary>
    public static InteractionTable Load(Stream stream, string name, RatingsLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new RatingsLoadOptions();
        if (options.MaxRejectRate is < 0 or > 1 || double.IsNaN(options.MaxRejectRate))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxRejectRate must lie in 0..1, not {options.MaxRejectRate}.");
        }

        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        RatingsFormat format = options.Format;
        if (format == RatingsFormat.Auto && name.EndsWith(".dat", StringComparison.OrdinalIgnoreCase))
        {
            format = RatingsFormat.MovieLensDat;
        }

        CsvLineReader reader;
        ColumnLayout layout;
        if (format == RatingsFormat.MovieLensDat)
        {
            reader = new CsvLineReader(text, "::", allowQuotes: false);
            layout = ColumnLayout.MovieLens(options);
        }
        else
        {
            reader = new CsvLineReader(text);
            if (!reader.ReadRecord())
            {
                throw new DataFormatException($"{name}: the file is empty; expected a header line.");
            }

            layout = ResolveCsvLayout(reader, name, format, options);
        }

        var report = new RejectReport(name);
        var rows = new RowBuffer();
        var users = new IdMap();
        var items = new IdMap();
        while (reader.ReadRecord())
        {
            report.CountRow();
            if ((report.RowsRead & (CancellationCheckInterval - 1)) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (reader.RecordHasQuoteError)
            {
                report.CountUnbalancedQuotes(reader.LineNumber, reader.LineCount);
            }
            else if (TryParseRow(reader, layout, report, out float value, out long timestamp))
            {
                rows.Add(
                    users.GetOrAdd(reader.Field(layout.User).Trim()),
                    items.GetOrAdd(reader.Field(layout.Item).Trim()),
                    value,
                    timestamp);
            }
        }

        if (report.RowsRead == 0)
        {
            throw new DataFormatException($"{name}: the file has no data rows.") { Report = report };
        }

        report.ThrowIfOverLimit(options.MaxRejectRate);
        return rows.ToTable(users, items, report);
    }

    private static ColumnLayout ResolveCsvLayout(CsvLineReader header, string name, RatingsFormat format, RatingsLoadOptions options)
    {
        bool namedColumns = options.UserColumn is not null || options.ItemColumn is not null;
        bool movieLensHeader = IsMovieLensHeader(header);
        if (format == RatingsFormat.MovieLensCsv || (format == RatingsFormat.Auto && movieLensHeader && !namedColumns))
        {
            if (!movieLensHeader)
            {
                throw new DataFormatException($"{name}: expected the MovieLens header 'userId,movieId,rating,timestamp', found '{DescribeHeader(header)}'.");
            }

            return ColumnLayout.MovieLens(options);
        }

        if (options.UserColumn is null || options.ItemColumn is null)
        {
            throw new DataFormatException(
                $"{name}: unrecognised header '{DescribeHeader(header)}'. For a generic CSV name the user and item columns (and optionally the value and timestamp columns).");
        }

        int user = FindColumn(header, name, options.UserColumn);
        int item = FindColumn(header, name, options.ItemColumn);
        int value = options.ValueColumn is null ? -1 : FindColumn(header, name, options.ValueColumn);
        int timestamp = options.TimestampColumn is null ? -1 : FindColumn(header, name, options.TimestampColumn);
        return new ColumnLayout(header.FieldCount, user, item, value, timestamp, IsoTimestamps: true, options.MinValue, options.MaxValue);
    }

    private static bool IsMovieLensHeader(CsvLineReader header)
    {
        if (header.FieldCount != _movieLensHeader.Length)
        {
            return false;
        }

        for (int i = 0; i < _movieLensHeader.Length; i++)
        {
            if (!header.Field(i).Trim().Equals(_movieLensHeader[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static int FindColumn(CsvLineReader header, string name, string column)
    {
        for (int i = 0; i < header.FieldCount; i++)
        {
            if (header.Field(i).Trim().Equals(column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new DataFormatException($"{name}: no column '{column}' in the header '{DescribeHeader(header)}'.");
    }

    private static string DescribeHeader(CsvLineReader header)
    {
        var text = new StringBuilder();
        for (int i = 0; i < header.FieldCount && text.Length < 200; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(header.Field(i));
        }

        return text.ToString();
    }

    private static bool TryParseRow(CsvLineReader reader, in ColumnLayout layout, RejectReport report, out float value, out long timestamp)
    {
        value = 1f;
        timestamp = 0;
        if (reader.FieldCount != layout.FieldCount)
        {
            report.CountReject(RejectReason.WrongColumnCount, reader.LineNumber, $"{reader.FieldCount} fields, expected {layout.FieldCount}");
            return false;
        }

        ReadOnlySpan<char> user = reader.Field(layout.User).Trim();
        ReadOnlySpan<char> item = reader.Field(layout.Item).Trim();
        if (user.IsEmpty || item.IsEmpty)
        {
            report.CountReject(RejectReason.EmptyId, reader.LineNumber, user.IsEmpty ? "empty user id" : "empty item id");
            return false;
        }

        if (layout.Value >= 0)
        {
            ReadOnlySpan<char> field = reader.Field(layout.Value).Trim();
            if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) || !double.IsFinite(parsed))
            {
                report.CountReject(RejectReason.NonNumericValue, reader.LineNumber, field);
                return false;
            }

            if (parsed < layout.MinValue || parsed > layout.MaxValue)
            {
                report.CountReject(RejectReason.ValueOutOfRange, reader.LineNumber, field);
                return false;
            }

            value = (float)parsed;
        }

        if (layout.Timestamp >= 0)
        {
            ReadOnlySpan<char> field = reader.Field(layout.Timestamp).Trim();
            bool parsed = layout.IsoTimestamps
                ? TimestampParser.TryParseUnixOrIso(field, out timestamp)
                : TimestampParser.TryParseUnixSeconds(field, out timestamp);
            if (!parsed)
            {
                report.CountReject(RejectReason.BadTimestamp, reader.LineNumber, field);
                return false;
            }
        }

        return true;
    }

    /// <summary>Where the fields of a row are; -1 marks an absent optional column.</summary>
    private readonly record struct ColumnLayout(int FieldCount, int User, int Item, int Value, int Timestamp, bool IsoTimestamps, double? Min, double? Max)
    {
        public double MinValue => Min ?? double.NegativeInfinity;

        public double MaxValue => Max ?? double.PositiveInfinity;

        public static ColumnLayout MovieLens(RatingsLoadOptions options) => new(
            4, 0, 1, 2, 3, IsoTimestamps: false, options.MinValue ?? RatingsLoadOptions.MovieLensMinRating, options.MaxValue ?? RatingsLoadOptions.MovieLensMaxRating);
    }

    /// <summary>Accepted rows as they arrive, turned into a deduplicated table at the end.</summary>
    private sealed class RowBuffer
    {
        private readonly List<int> _users = [];
        private readonly List<int> _items = [];
        private readonly List<float> _values = [];
        private readonly List<long> _timestamps = [];

        public void Add(int user, int item, float value, long timestamp)
        {
            _users.Add(user);
            _items.Add(item);
            _values.Add(value);
            _timestamps.Add(timestamp);
        }

        public InteractionTable ToTable(IdMap users, IdMap items, RejectReport report)
        {
            int[] userIndices = [.. _users];
            int[] itemIndices = [.. _items];
            float[] values = [.. _values];
            long[] timestamps = [.. _timestamps];
            bool[]? keep = DuplicateResolver.FindSurvivors(users.Count, userIndices, itemIndices, timestamps, out int dropped);
            if (keep is not null)
            {
                report.CountDuplicatesMerged(dropped);
                userIndices = Compact(userIndices, keep, dropped);
                itemIndices = Compact(itemIndices, keep, dropped);
                values = Compact(values, keep, dropped);
                timestamps = Compact(timestamps, keep, dropped);
            }

            return new InteractionTable(users, items, userIndices, itemIndices, values, timestamps, report);
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
}
