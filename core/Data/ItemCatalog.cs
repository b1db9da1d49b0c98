using System.Text;

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

    /// <summary>Loads a MovieLens movies.csv file.</summary>
    public static ItemCatalog Load(string path, double maxRejectRate = 0.01, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Load(stream, path, maxRejectRate, cancellationToken);
    }

    /// <summary>
    /// Loads <c>movieId,title,genres</c> rows (header required). Rows with the wrong field count or an empty id are
    /// rejected and counted; a repeated id keeps its last row and counts as a merged duplicate.
    /// </summary>
    public static ItemCatalog Load(Stream stream, string name, double maxRejectRate = 0.01, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var reader = new CsvLineReader(text);
        if (!reader.ReadRecord() || !IsHeader(reader))
        {
            throw new DataFormatException($"{name}: expected the header 'movieId,title,genres'.");
        }

        var report = new RejectReport(name);
        var ids = new IdMap();
        var titles = new List<string>();
        var genres = new List<string[]>();
        long duplicates = 0;
        while (reader.ReadRecord())
        {
            report.CountRow();
            if ((report.RowsRead & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (reader.RecordHasQuoteError)
            {
                report.CountUnbalancedQuotes(reader.LineNumber, reader.LineCount);
                continue;
            }

            if (reader.FieldCount != _header.Length)
            {
                report.CountReject(RejectReason.WrongColumnCount, reader.LineNumber, $"{reader.FieldCount} fields, expected {_header.Length}");
                continue;
            }

            ReadOnlySpan<char> id = reader.Field(0).Trim();
            if (id.IsEmpty)
            {
                report.CountReject(RejectReason.EmptyId, reader.LineNumber, "empty item id");
                continue;
            }

            int index = ids.GetOrAdd(id);
            string title = reader.Field(1).Trim().ToString();
            string[] itemGenres = SplitGenres(reader.Field(2).Trim());
            if (index < titles.Count)
            {
                duplicates++;
                titles[index] = title;
                genres[index] = itemGenres;
            }
            else
            {
                titles.Add(title);
                genres.Add(itemGenres);
            }
        }

        report.CountDuplicatesMerged(duplicates);
        report.ThrowIfOverLimit(maxRejectRate);
        return new ItemCatalog(ids, [.. titles], [.. genres], report);
    }

    private static bool IsHeader(CsvLineReader reader)
    {
        if (reader.FieldCount != _header.Length)
        {
            return false;
        }

        for (int i = 0; i < _header.Length; i++)
        {
            if (!reader.Field(i).Trim().Equals(_header[i], StringComparison.OrdinalIgnoreCase))
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
}
