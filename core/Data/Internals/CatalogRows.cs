namespace Recommender.Core.Data.Internals;

/// <summary>Accepted catalogue rows, whatever file they came from; a repeated id keeps its last row.</summary>
internal sealed class CatalogRows(RejectReport report)
{
    private const string NoGenres = "(no genres listed)";

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

    /// <summary>False (and the row counted as <see cref="RejectReason.EmptyId"/>) when the id is empty.</summary>
    public bool AcceptsId(long line, ReadOnlySpan<char> id, ReadOnlySpan<char> rawText = default)
    {
        if (id.Trim().IsEmpty)
        {
            Report.CountReject(RejectReason.EmptyId, line, "empty item id", rawText);
            return false;
        }

        return true;
    }

    /// <summary>Adds a row whose genres are one <c>|</c>-separated field (movies.csv, movies.dat, Parquet).</summary>
    public void Add(long line, ReadOnlySpan<char> id, ReadOnlySpan<char> title, ReadOnlySpan<char> genres, ReadOnlySpan<char> rawText = default)
    {
        if (AcceptsId(line, id, rawText))
        {
            Add(id, title, SplitGenres(genres.Trim()));
        }
    }

    /// <summary>Adds a row whose id has been accepted by <see cref="AcceptsId"/> and whose genres are already read.</summary>
    public void Add(ReadOnlySpan<char> id, ReadOnlySpan<char> title, string[] genres)
    {
        int index = _ids.GetOrAdd(id.Trim());
        string text = title.Trim().ToString();
        if (index < _titles.Count)
        {
            _duplicates++;
            _titles[index] = text;
            _genres[index] = genres;
        }
        else
        {
            _titles.Add(text);
            _genres.Add(genres);
        }
    }

    public ItemCatalog ToCatalog(double maxRejectRate)
    {
        Report.CountDuplicatesMerged(_duplicates);
        Report.ThrowIfOverLimit(maxRejectRate);
        return new ItemCatalog(_ids, [.. _titles], [.. _genres], Report);
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
