using nietras.SeparatedValues;

namespace Recommender.Core.Data.Internals;

/// <summary>
/// Rows of a delimited text file read through Sep, with what the loaders need on top: blank lines skipped, quoted
/// fields unescaped, a malformed quote flagged (with the lines it swallowed), and MovieLens' unquoted separators
/// (<c>::</c> in 1M/10M, tab and <c>|</c> in 100K).
/// </summary>
/// <remarks>
/// Sep leaves quotes in place (no unescaping), so a field that opens a quote it never closes shows up as one long
/// field running over many lines; that is what <see cref="HasQuoteError"/> and <see cref="LineCount"/> report, so
/// the loaders can count the swallowed lines as rejected instead of silently losing them.
/// </remarks>
internal sealed class CsvRows : IDisposable
{
    private readonly SepReader _reader;
    private readonly bool _doubleColon;
    private readonly bool _quoted;
    private char[] _unquoted = new char[256];
    private int[] _starts = new int[8];
    private int[] _lengths = new int[8];
    private bool _hasQuotes;

    private CsvRows(TextReader text, char separator, bool quoted, bool doubleColon = false)
    {
        _reader = Options(separator, quoted).From(text, leaveOpen: true);
        _quoted = quoted;
        _doubleColon = doubleColon;
    }

    /// <summary>Comma-separated rows with RFC 4180 quoting.</summary>
    public static CsvRows Comma(TextReader text) => new(text, ',', quoted: true);

    /// <summary>MovieLens 1M/10M <c>.dat</c> rows: fields separated by <c>::</c>, no quoting.</summary>
    public static CsvRows DoubleColon(TextReader text) => new(text, ':', quoted: false, doubleColon: true);

    /// <summary>MovieLens 100K <c>u.data</c> rows: fields separated by tabs, no quoting.</summary>
    public static CsvRows Tab(TextReader text) => new(text, '\t', quoted: false);

    /// <summary>MovieLens 100K <c>u.item</c> rows: fields separated by <c>|</c>, no quoting (a <c>"</c> is literal).</summary>
    public static CsvRows Pipe(TextReader text) => new(text, '|', quoted: false);

    /// <summary>Fields in the current row; 0 for a <c>.dat</c> row whose separators are not all <c>::</c>.</summary>
    public int FieldCount { get; private set; }

    /// <summary>1-based line where the current row starts.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Physical lines the row spans (more than 1 only when a quoted field holds line breaks).</summary>
    public long LineCount { get; private set; }

    /// <summary>True when a quoted field is never closed or has text after its closing quote.</summary>
    public bool HasQuoteError { get; private set; }

    /// <summary>Moves to the next non-blank row; false at the end of input.</summary>
    public bool MoveNext()
    {
        while (_reader.MoveNext())
        {
            SepReader.Row row = _reader.Current;
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace())
            {
                continue;
            }

            LineNumber = row.LineNumberFrom;
            // A quote left open swallows the final line break too; that break ends the last line, it starts no new one.
            int trailingBreak = row.Span.Length > 0 && row.Span[^1] is '\n' or '\r' ? 1 : 0;
            LineCount = Math.Max(1, row.LineNumberToExcl - row.LineNumberFrom - trailingBreak);
            HasQuoteError = false;
            _hasQuotes = false;
            FieldCount = _doubleColon ? DoubleColonFieldCount(row) : row.ColCount;
            if (_quoted && row.Span.Contains('"'))
            {
                Unquote(row);
            }

            return true;
        }

        return false;
    }

    /// <summary>The current row as it stands in the file (quotes and separators included), for reject examples.</summary>
    public ReadOnlySpan<char> RawText => _reader.Current.Span;

    /// <summary>The unescaped text of field <paramref name="index"/>, valid until the next <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<char> Field(int index)
    {
        if ((uint)index >= (uint)FieldCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Field {index} does not exist; the row has {FieldCount} fields.");
        }

        if (_hasQuotes)
        {
            return _unquoted.AsSpan(_starts[index], _lengths[index]);
        }

        return _reader.Current[_doubleColon ? index * 2 : index].Span;
    }

    /// <summary>The current row's fields as strings (for a header).</summary>
    public string[] FieldStrings()
    {
        var fields = new string[FieldCount];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = Field(i).Trim().ToString();
        }

        return fields;
    }

    public void Dispose() => _reader.Dispose();

    private static SepReaderOptions Options(char separator, bool quoted) => Sep.New(separator).Reader(o => o with
    {
        HasHeader = false,
        DisableColCountCheck = true,
        DisableQuotesParsing = !quoted,
        CultureInfo = System.Globalization.CultureInfo.InvariantCulture,
    });

    // "a::b::c" read with ':' as separator gives a, "", b, "", c: every second column must be empty.
    private static int DoubleColonFieldCount(SepReader.Row row)
    {
        if (row.ColCount % 2 == 0)
        {
            return 0;
        }

        for (int i = 1; i < row.ColCount; i += 2)
        {
            if (!row[i].Span.IsEmpty)
            {
                return 0;
            }
        }

        return (row.ColCount + 1) / 2;
    }

    // Copies every field of a row that holds quotes into one buffer, unescaped; rows without quotes are read in place.
    private void Unquote(SepReader.Row row)
    {
        _hasQuotes = true;
        if (_starts.Length < row.ColCount)
        {
            _starts = new int[row.ColCount * 2];
            _lengths = new int[row.ColCount * 2];
        }

        if (_unquoted.Length < row.Span.Length)
        {
            _unquoted = new char[Math.Max(row.Span.Length, _unquoted.Length * 2)];
        }

        int write = 0;
        for (int i = 0; i < row.ColCount; i++)
        {
            ReadOnlySpan<char> raw = row[i].Span;
            _starts[i] = write;
            if (raw.IsEmpty || raw[0] != '"')
            {
                // A quote inside an unquoted field is literal text.
                raw.CopyTo(_unquoted.AsSpan(write));
                write += raw.Length;
            }
            else
            {
                write += UnescapeQuoted(raw, _unquoted.AsSpan(write), out bool wellFormed);
                HasQuoteError |= !wellFormed;
            }

            _lengths[i] = write - _starts[i];
        }
    }

    // "a""b" -> a"b. Well formed means the field ends with its closing quote and every inner quote is doubled;
    // otherwise the text is kept as it stands (after the opening quote) and the row is flagged.
    private static int UnescapeQuoted(ReadOnlySpan<char> raw, Span<char> destination, out bool wellFormed)
    {
        wellFormed = raw.Length >= 2 && raw[^1] == '"';
        ReadOnlySpan<char> inner = wellFormed ? raw[1..^1] : raw[1..];
        int write = 0;
        for (int i = 0; i < inner.Length; i++)
        {
            char c = inner[i];
            if (c == '"')
            {
                if (i + 1 < inner.Length && inner[i + 1] == '"')
                {
                    i++;
                }
                else
                {
                    wellFormed = false;
                }
            }

            destination[write++] = c;
        }

        return write;
    }
}
