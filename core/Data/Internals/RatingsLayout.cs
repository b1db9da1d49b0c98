namespace Recommender.Core.Data.Internals;

/// <summary>
/// Where the user, item, value and timestamp columns are (-1 marks an absent optional column), chosen from the
/// header names the same way for CSV and Parquet.
/// </summary>
internal readonly record struct RatingsLayout(int FieldCount, int User, int Item, int Value, int Timestamp, bool IsoTimestamps, double MinValue, double MaxValue)
{
    /// <summary>The options that choose columns, named in every "which columns?" error.</summary>
    public const string ColumnOptions = "--user-column and --item-column (optionally --value-column and --timestamp-column)";

    private static readonly string[] _movieLensHeader = ["userId", "movieId", "rating", "timestamp"];

    /// <summary>The columns of a published <c>interactions.parquet</c>, recognised without options.</summary>
    private static readonly string[] _interactionsHeader = [InteractionsParquet.UserColumn, InteractionsParquet.ItemColumn, InteractionsParquet.StrengthColumn, InteractionsParquet.TimestampColumn];

    public static RatingsLayout MovieLens(RatingsLoadOptions options) => new(
        4, 0, 1, 2, 3, IsoTimestamps: false,
        options.MinValue ?? RatingsLoadOptions.MovieLensMinRating,
        options.MaxValue ?? RatingsLoadOptions.MovieLensMaxRating);

    /// <summary>Resolves the layout from a header; throws <see cref="DataFormatException"/> naming the header and the options.</summary>
    public static RatingsLayout FromHeader(IReadOnlyList<string> header, string name, RatingsFormat format, RatingsLoadOptions options)
    {
        bool namedColumns = options.UserColumn is not null || options.ItemColumn is not null;
        bool movieLensHeader = Matches(header, _movieLensHeader);
        if (format == RatingsFormat.MovieLensCsv || (format == RatingsFormat.Auto && movieLensHeader && !namedColumns))
        {
            return movieLensHeader
                ? MovieLens(options)
                : throw new DataFormatException($"{name}: expected the MovieLens header 'userId,movieId,rating,timestamp', found '{Describe(header)}'.");
        }

        if (format == RatingsFormat.Auto && !namedColumns && Matches(header, _interactionsHeader))
        {
            return new RatingsLayout(header.Count, 0, 1, 2, 3, IsoTimestamps: true, options.MinValue ?? double.NegativeInfinity, options.MaxValue ?? double.PositiveInfinity);
        }

        if (options.UserColumn is null || options.ItemColumn is null)
        {
            throw new DataFormatException(
                $"{name}: unrecognised header '{Describe(header)}'. It is neither MovieLens 'userId,movieId,rating,timestamp' nor 'user_id,item_id,strength,timestamp'; " +
                $"name the user and item columns with {ColumnOptions}.");
        }

        return new RatingsLayout(
            header.Count,
            Find(header, name, options.UserColumn, "--user-column"),
            Find(header, name, options.ItemColumn, "--item-column"),
            options.ValueColumn is null ? -1 : Find(header, name, options.ValueColumn, "--value-column"),
            options.TimestampColumn is null ? -1 : Find(header, name, options.TimestampColumn, "--timestamp-column"),
            IsoTimestamps: true,
            options.MinValue ?? double.NegativeInfinity,
            options.MaxValue ?? double.PositiveInfinity);
    }

    /// <summary>The header as one line for messages, cut short for very wide files.</summary>
    public static string Describe(IReadOnlyList<string> header)
    {
        string text = string.Join(',', header);
        return text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "...");
    }

    private static bool Matches(IReadOnlyList<string> header, string[] expected)
    {
        if (header.Count != expected.Length)
        {
            return false;
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (!header[i].Trim().Equals(expected[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static int Find(IReadOnlyList<string> header, string name, string column, string option)
    {
        for (int i = 0; i < header.Count; i++)
        {
            if (header[i].Trim().Equals(column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new DataFormatException($"{name}: no column '{column}' (from {option}) in the header '{Describe(header)}'.");
    }
}
