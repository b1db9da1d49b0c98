using Recommender.Core.Data.Internals;

namespace Recommender.Core.Data;

/// <summary>
/// Loads ratings (MovieLens ratings.csv, 1M/10M ratings.dat, 100K u.data, generic CSV with named columns, or Parquet)
/// into an <see cref="InteractionTable"/>, counting malformed rows by reason and merging duplicate (user, item) pairs.
/// Parquet is told apart by its <c>PAR1</c> magic; columns are chosen by the same header rules for CSV and Parquet.
/// Text is read as UTF-8, or as Latin-1 when it is not valid UTF-8 (MovieLens 100K and 1M).
/// </summary>
public static class RatingsLoader
{
    /// <summary>Loads the file at <paramref name="path"/>.</summary>
    public static InteractionTable Load(string path, RatingsLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        using FileStream stream = InputFile.OpenRead(path);
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

        Stream seekable = InputFile.Seekable(stream);
        DataFileKind kind = DataFileSniffer.Detect(seekable, name);
        if (kind == DataFileKind.Parquet)
        {
            // Parquet.Net reads asynchronously only; the source here is memory or a local file, and callers are
            // command-line and test code without a synchronisation context, so waiting cannot deadlock.
            return LoadParquetAsync(seekable, name, options, cancellationToken).GetAwaiter().GetResult();
        }

        using StreamReader text = DataFileSniffer.OpenText(seekable, kind);
        return TextFormat(options.Format, name) switch
        {
            RatingsFormat.MovieLensDat => LoadHeaderless(CsvRows.DoubleColon(text), name, options, cancellationToken),
            RatingsFormat.MovieLens100K => LoadHeaderless(CsvRows.Tab(text), name, options, cancellationToken),
            _ => LoadCsv(text, name, options, cancellationToken),
        };
    }

    // The headerless MovieLens layouts are told by name; everything else by its header.
    private static RatingsFormat TextFormat(RatingsFormat format, string name) => format switch
    {
        RatingsFormat.Auto when name.EndsWith(".dat", StringComparison.OrdinalIgnoreCase) => RatingsFormat.MovieLensDat,
        RatingsFormat.Auto when name.EndsWith(".data", StringComparison.OrdinalIgnoreCase) => RatingsFormat.MovieLens100K,
        _ => format,
    };

    private static InteractionTable LoadCsv(TextReader text, string name, RatingsLoadOptions options, CancellationToken cancellationToken)
    {
        using CsvRows csv = CsvRows.Comma(text);
        if (!csv.MoveNext())
        {
            throw new DataFormatException($"{name}: the file is empty; expected a header line.");
        }

        var rows = new RatingsRows(new RejectReport(name), RatingsLayout.FromHeader(csv.FieldStrings(), name, options.Format, options), options.Ids);
        ReadTextRows(csv, rows, cancellationToken);
        return rows.ToTable(options.MaxRejectRate);
    }

    private static InteractionTable LoadHeaderless(CsvRows movieLens, string name, RatingsLoadOptions options, CancellationToken cancellationToken)
    {
        using (movieLens)
        {
            var rows = new RatingsRows(new RejectReport(name), RatingsLayout.MovieLens(options), options.Ids);
            ReadTextRows(movieLens, rows, cancellationToken);
            return rows.ToTable(options.MaxRejectRate);
        }
    }

    private static void ReadTextRows(CsvRows csv, RatingsRows rows, CancellationToken cancellationToken)
    {
        RatingsLayout layout = rows.Layout;
        while (csv.MoveNext())
        {
            rows.CountRow(cancellationToken);
            if (csv.HasQuoteError)
            {
                rows.Report.CountUnbalancedQuotes(csv.LineNumber, csv.LineCount);
            }
            else if (csv.FieldCount != layout.FieldCount)
            {
                rows.Report.CountReject(RejectReason.WrongColumnCount, csv.LineNumber, $"{csv.FieldCount} fields, expected {layout.FieldCount}", csv.RawText);
            }
            else
            {
                rows.AddText(
                    csv.LineNumber,
                    csv.Field(layout.User),
                    csv.Field(layout.Item),
                    layout.Value >= 0 ? csv.Field(layout.Value) : default,
                    layout.Timestamp >= 0 ? csv.Field(layout.Timestamp) : default,
                    csv.RawText);
            }
        }
    }

    private static async Task<InteractionTable> LoadParquetAsync(Stream stream, string name, RatingsLoadOptions options, CancellationToken cancellationToken)
    {
        await using ParquetColumns parquet = await ParquetColumns.OpenAsync(stream, name, cancellationToken).ConfigureAwait(false);
        RatingsFormat format = options.Format is RatingsFormat.MovieLensCsv ? RatingsFormat.MovieLensCsv : RatingsFormat.Auto;
        var layout = RatingsLayout.FromHeader(parquet.Header, name, format, options);
        var rows = new RatingsRows(new RejectReport(name), layout, options.Ids);
        string?[] users = await parquet.ReadTextAsync(layout.User, cancellationToken).ConfigureAwait(false);
        string?[] items = await parquet.ReadTextAsync(layout.Item, cancellationToken).ConfigureAwait(false);
        double?[]? values = layout.Value >= 0 ? await parquet.ReadNumberAsync(layout.Value, cancellationToken).ConfigureAwait(false) : null;
        long?[]? timestamps = layout.Timestamp >= 0 ? await parquet.ReadUnixSecondsAsync(layout.Timestamp, cancellationToken).ConfigureAwait(false) : null;
        for (int i = 0; i < users.Length; i++)
        {
            rows.CountRow(cancellationToken);

            // Rows are numbered from 1 as the data rows of a CSV file would be (after its header line).
            rows.AddTyped(i + 1, users[i], items[i], values?[i], timestamps?[i]);
        }

        return rows.ToTable(options.MaxRejectRate);
    }
}
