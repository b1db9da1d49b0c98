using Recommender.Core.Data.Internals;

namespace Recommender.Core.Data;

/// <summary>
/// Item titles and genres keyed by external item id, loaded from a MovieLens <c>movies.csv</c> (or the same columns as
/// Parquet), a 1M/10M <c>movies.dat</c> or a 100K <c>u.item</c>.
/// </summary>
public sealed class ItemCatalog
{
    private static readonly string[] _header = ["movieId", "title", "genres"];

    /// <summary><c>u.item</c>: id, title, release date, video release date, IMDb URL, then the genre flags.</summary>
    private const int ItemFlagsStart = 5;

    private readonly IdMap _ids;
    private readonly string[] _titles;
    private readonly string[][] _genres;

    public ItemCatalog(IdMap ids, string[] titles, string[][] genres, RejectReport report)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(titles);
        ArgumentNullException.ThrowIfNull(genres);
        ArgumentNullException.ThrowIfNull(report);
        if (titles.Length != ids.Count || genres.Length != ids.Count)
        {
            throw new ArgumentException("Titles and genres need one entry per item id.");
        }

        _ids = ids;
        _titles = titles;
        _genres = genres;
        Report = report;
    }

    /// <summary>Number of items in the catalogue.</summary>
    public int Count => _ids.Count;

    /// <summary>Catalogue item ids, in file order.</summary>
    public IReadOnlyList<string> Ids => _ids.Ids;

    /// <summary>What the loader read and rejected.</summary>
    public RejectReport Report { get; }

    /// <summary>The title of an item, if the catalogue lists it.</summary>
    public bool TryGetTitle(string itemId, out string title)
    {
        if (_ids.TryGetIndex(itemId, out int index))
        {
            title = _titles[index];
            return true;
        }

        title = string.Empty;
        return false;
    }

    /// <summary>The genres of an item (empty for MovieLens' "(no genres listed)"), if the catalogue lists it.</summary>
    public bool TryGetGenres(string itemId, out IReadOnlyList<string> genres)
    {
        if (_ids.TryGetIndex(itemId, out int index))
        {
            genres = _genres[index];
            return true;
        }

        genres = [];
        return false;
    }

    /// <summary>Loads a catalogue file; the name picks the layout (see the stream overload).</summary>
    public static ItemCatalog Load(string path, double maxRejectRate = 0.01, CancellationToken cancellationToken = default)
    {
        using FileStream stream = InputFile.OpenRead(path);
        return Load(stream, path, maxRejectRate, cancellationToken);
    }

    /// <summary>
    /// Loads a catalogue: a name ending in <c>.dat</c> is MovieLens <c>movies.dat</c> (<c>MovieID::Title::Genres</c>),
    /// one ending in <c>.item</c> is MovieLens 100K <c>u.item</c> (<c>|</c>-separated, genres as 0/1 flags); anything
    /// else is <c>movieId,title,genres</c> with that header, from CSV or Parquet. Rows with the wrong field count, an
    /// empty id or a bad genre flag are rejected and counted; a repeated id keeps its last row and counts as a
    /// merged duplicate. Text that is not valid UTF-8 is read as Latin-1, as MovieLens 100K and 1M are written.
    /// </summary>
    public static ItemCatalog Load(Stream stream, string name, double maxRejectRate = 0.01, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Stream seekable = InputFile.Seekable(stream);
        var rows = new CatalogRows(new RejectReport(name));
        DataFileKind kind = DataFileSniffer.Detect(seekable, name);
        if (kind == DataFileKind.Parquet)
        {
            // Parquet.Net reads asynchronously only; see RatingsLoader for why waiting here is safe.
            LoadParquetAsync(seekable, name, rows, cancellationToken).GetAwaiter().GetResult();
            return rows.ToCatalog(maxRejectRate);
        }

        using StreamReader text = DataFileSniffer.OpenText(seekable, kind);
        if (name.EndsWith(".dat", StringComparison.OrdinalIgnoreCase))
        {
            using CsvRows dat = CsvRows.DoubleColon(text);
            ReadGenreListRows(dat, rows, cancellationToken);
        }
        else if (name.EndsWith(".item", StringComparison.OrdinalIgnoreCase))
        {
            using CsvRows item = CsvRows.Pipe(text);
            ReadGenreFlagRows(item, rows, cancellationToken);
        }
        else
        {
            using CsvRows csv = CsvRows.Comma(text);
            if (!csv.MoveNext() || !IsHeader(csv.FieldStrings()))
            {
                throw new DataFormatException(
                    $"{name}: expected the header 'movieId,title,genres' (a MovieLens movies.dat or u.item is told by its .dat or .item name).");
            }

            ReadGenreListRows(csv, rows, cancellationToken);
        }

        return rows.ToCatalog(maxRejectRate);
    }

    // id, title, genres separated by '|': movies.csv after its header, and movies.dat.
    private static void ReadGenreListRows(CsvRows csv, CatalogRows rows, CancellationToken cancellationToken)
    {
        while (csv.MoveNext())
        {
            rows.CountRow(cancellationToken);
            if (csv.HasQuoteError)
            {
                rows.Report.CountUnbalancedQuotes(csv.LineNumber, csv.LineCount);
            }
            else if (csv.FieldCount != _header.Length)
            {
                rows.Report.CountReject(RejectReason.WrongColumnCount, csv.LineNumber, $"{csv.FieldCount} fields, expected {_header.Length}", csv.RawText);
            }
            else
            {
                rows.Add(csv.LineNumber, csv.Field(0), csv.Field(1), csv.Field(2), csv.RawText);
            }
        }
    }

    // u.item: id, title, three fields not kept, then one 0/1 flag per genre.
    private static void ReadGenreFlagRows(CsvRows item, CatalogRows rows, CancellationToken cancellationToken)
    {
        int fields = ItemFlagsStart + GenreFlags.Count;
        while (item.MoveNext())
        {
            rows.CountRow(cancellationToken);
            if (item.FieldCount != fields)
            {
                rows.Report.CountReject(RejectReason.WrongColumnCount, item.LineNumber, $"{item.FieldCount} fields, expected {fields}", item.RawText);
            }
            else if (rows.AcceptsId(item.LineNumber, item.Field(0), item.RawText))
            {
                if (GenreFlags.TryRead(item, ItemFlagsStart, out string[] genres, out RejectReason reason, out string detail))
                {
                    rows.Add(item.Field(0), item.Field(1), genres);
                }
                else
                {
                    rows.Report.CountReject(reason, item.LineNumber, detail, item.RawText);
                }
            }
        }
    }

    private static async Task LoadParquetAsync(Stream stream, string name, CatalogRows rows, CancellationToken cancellationToken)
    {
        await using ParquetColumns parquet = await ParquetColumns.OpenAsync(stream, name, cancellationToken).ConfigureAwait(false);
        if (!IsHeader(parquet.Header))
        {
            throw new DataFormatException($"{name}: expected the columns 'movieId,title,genres', found '{RatingsLayout.Describe(parquet.Header)}'.");
        }

        string?[] ids = await parquet.ReadTextAsync(0, cancellationToken).ConfigureAwait(false);
        string?[] titles = await parquet.ReadTextAsync(1, cancellationToken).ConfigureAwait(false);
        string?[] genres = await parquet.ReadTextAsync(2, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < ids.Length; i++)
        {
            rows.CountRow(cancellationToken);
            rows.Add(i + 1, ids[i], titles[i], genres[i]);
        }
    }

    private static bool IsHeader(string[] header)
    {
        if (header.Length != _header.Length)
        {
            return false;
        }

        for (int i = 0; i < _header.Length; i++)
        {
            if (!header[i].Trim().Equals(_header[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
