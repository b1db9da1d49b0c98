using System.Text;
using Recommender.Core.Data.Internals;

namespace Recommender.Core.Data;

/// <summary>Item titles and genres keyed by external item id, loaded from a MovieLens <c>movies.csv</c>.</summary>
public sealed class ItemCatalog
{
    private const string NoGenres = "(no genres listed)";
    private static readonly string[] _header = ["movieId", "title", "genres"];

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

    /// <summary>Loads a MovieLens movies.csv file (or the same columns as Parquet).</summary>
    public static ItemCatalog Load(string path, double maxRejectRate = 0.01, CancellationToken cancellationToken = default)
    {
        using FileStream stream = InputFile.OpenRead(path);
        return Load(stream, path, maxRejectRate, cancellationToken);
    }

    /// <summary>
    /// Loads <c>movieId,title,genres</c> rows (header required), from CSV or Parquet. Rows with the wrong field count
    /// or an empty id are rejected and counted; a repeated id keeps its last row and counts as a merged duplicate.
    /// </summary>
    public static ItemCatalog Load(Stream stream, string name, double maxRejectRate = 0.01, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Stream seekable = InputFile.Seekable(stream);
        var rows = new CatalogRows(new RejectReport(name));
        if (DataFileSniffer.Detect(seekable, name) == DataFileKind.Parquet)
        {
            // Parquet.Net reads asynchronously only; see RatingsLoader for why waiting here is safe.
            LoadParquetAsync(seekable, name, rows, cancellationToken).GetAwaiter().GetResult();
        }
        else
        {
            LoadCsv(seekable, name, rows, cancellationToken);
        }

        return rows.ToCatalog(maxRejectRate);
    }

    private static void LoadCsv(Stream stream, string name, CatalogRows rows, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        using CsvRows csv = CsvRows.Comma(text);
        if (!csv.MoveNext() || !IsHeader(csv.FieldStrings()))
        {
            throw new DataFormatException($"{name}: expected the header 'movieId,title,genres'.");
        }

        while (csv.MoveNext())
        {
            rows.CountRow(cancellationToken);
            if (csv.HasQuoteError)
            {
                rows.Report.CountUnbalancedQuotes(csv.LineNumber, csv.LineCount);
            }
            else if (csv.FieldCount != _header.Length)
            {
                rows.Report.CountReject(RejectReason.WrongColumnCount, csv.LineNumber, $"{csv.FieldCount} fields, expected {_header.Length}");
            }
            else
            {
                rows.Add(csv.LineNumber, csv.Field(0), csv.Field(1), csv.Field(2));
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

    private static string[] SplitGenres(ReadOnlySpan<char> field)
    {
        if (field.IsEmpty || field.Equals(NoGenres, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var result = new List<string>();
        foreach (Range part in field.Split('|'))
        {
            ReadOnlySpan<char> genre = field[part].Trim();
            if (!genre.IsEmpty)
            {
                result.Add(genre.ToString());
            }
        }

        return [.. result];
    }

    /// <summary>Accepted catalogue rows, whatever file they came from; a repeated id keeps its last row.</summary>
    private sealed class CatalogRows(RejectReport report)
    {
        private readonly IdMap _ids = new();
        private readonly List<string> _titles = [];
        private readonly List<string[]> _genres = [];
        private long _duplicates;

        public RejectReport Report { get; } = report;

        public void CountRow(CancellationToken cancellationToken)
        {
            Report.CountRow();
            if ((Report.RowsRead & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        public void Add(long line, ReadOnlySpan<char> id, ReadOnlySpan<char> title, ReadOnlySpan<char> genres)
        {
            id = id.Trim();
            if (id.IsEmpty)
            {
                Report.CountReject(RejectReason.EmptyId, line, "empty item id");
                return;
            }

            int index = _ids.GetOrAdd(id);
            string text = title.Trim().ToString();
            string[] split = SplitGenres(genres.Trim());
            if (index < _titles.Count)
            {
                _duplicates++;
                _titles[index] = text;
                _genres[index] = split;
            }
            else
            {
                _titles.Add(text);
                _genres.Add(split);
            }
        }

        public ItemCatalog ToCatalog(double maxRejectRate)
        {
            Report.CountDuplicatesMerged(_duplicates);
            Report.ThrowIfOverLimit(maxRejectRate);
            return new ItemCatalog(_ids, [.. _titles], [.. _genres], Report);
        }
    }
}
