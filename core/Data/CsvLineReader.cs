namespace Recommender.Core.Data;

/// <summary>
/// Streams RFC 4180 records from a <see cref="TextReader"/>: quoted fields (with separators, line breaks and
/// doubled quotes inside), CRLF or LF line ends, and an optional multi-character separator such as <c>::</c>.
/// </summary>
/// <remarks>
/// The current record's fields live in one reusable character buffer, so reading allocates nothing per field;
/// callers parse numbers straight from <see cref="Field"/> and only materialise the strings they keep.
/// Blank lines are skipped. A quote opens a quoted field only at the start of a field; elsewhere it is literal.
/// Characters between a closing quote and the next separator are kept (as spreadsheet programs do), and such a
/// record is flagged through <see cref="RecordHasQuoteError"/>, as is a quoted field left open at the end of input.
/// </remarks>
public sealed class CsvLineReader
{
    private const int BufferSize = 64 * 1024;

    private readonly TextReader _reader;
    private readonly string _separator;
    private readonly bool _allowQuotes;
    private readonly char[] _buffer = new char[BufferSize];
    private int _position;
    private int _length;
    private bool _endOfInput;

    private char[] _fieldChars = new char[256];
    private int _fieldCharCount;
    private int[] _fieldStarts = new int[16];
    private int[] _fieldEnds = new int[16];
    private long _nextLine = 1;
    private bool _recordEndedWithLineBreak;

    /// <summary>Creates a reader; <paramref name="separator"/> is "," for CSV or e.g. "::" for MovieLens .dat files.</summary>
    public CsvLineReader(TextReader reader, string separator = ",", bool allowQuotes = true)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(separator);
        if (separator.Contains('\r', StringComparison.Ordinal) || separator.Contains('\n', StringComparison.Ordinal)
            || (allowQuotes && separator.Contains('"', StringComparison.Ordinal)))
        {
            throw new ArgumentException("The separator may not contain line breaks or quotes.", nameof(separator));
        }

        _reader = reader;
        _separator = separator;
        _allowQuotes = allowQuotes;
    }

    /// <summary>Number of fields in the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>1-based line number where the current record starts (for error messages).</summary>
    public long LineNumber { get; private set; }

    /// <summary>True when the current record had text after a closing quote or an unterminated quoted field.</summary>
    public bool RecordHasQuoteError { get; private set; }

    /// <summary>Physical lines the current record spans (more than 1 only when a quoted field holds line breaks).</summary>
    public long LineCount { get; private set; }

    /// <summary>The unescaped text of field <paramref name="index"/> of the current record.</summary>
    public ReadOnlySpan<char> Field(int index)
    {
        if ((uint)index >= (uint)FieldCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Field {index} does not exist; the record has {FieldCount} fields.");
        }

        return _fieldChars.AsSpan(_fieldStarts[index], _fieldEnds[index] - _fieldStarts[index]);
    }

    /// <summary>Field <paramref name="index"/> as a new string.</summary>
    public string FieldString(int index) => new(Field(index));

    /// <summary>Reads the next non-blank record; false at the end of input.</summary>
    public bool ReadRecord()
    {
        while (true)
        {
            if (!EnsureAvailable(1))
            {
                FieldCount = 0;
                return false;
            }

            LineNumber = _nextLine;
            FieldCount = 0;
            _fieldCharCount = 0;
            RecordHasQuoteError = false;

            char first = _buffer[_position];
            if (first == '\n' || first == '\r')
            {
                // A blank line carries no record.
                ConsumeLineEnd();
                continue;
            }

            _recordEndedWithLineBreak = false;
            ReadFields();
            LineCount = _nextLine - LineNumber + (_recordEndedWithLineBreak ? 0 : 1);
            return true;
        }
    }

    private void ReadFields()
    {
        while (true)
        {
            int start = _fieldCharCount;
            bool endOfRecord = _allowQuotes && EnsureAvailable(1) && _buffer[_position] == '"'
                ? ReadQuotedField()
                : ReadUnquotedField();
            AddField(start, _fieldCharCount);
            if (endOfRecord)
            {
                return;
            }
        }
    }

    /// <summary>Reads up to a separator (consumed; returns false) or a line end / end of input (returns true).</summary>
    private bool ReadUnquotedField()
    {
        char separatorStart = _separator[0];
        while (EnsureAvailable(1))
        {
            // Copy the run of ordinary characters in one block.
            ReadOnlySpan<char> window = _buffer.AsSpan(_position, _length - _position);
            int stop = window.IndexOfAny(separatorStart, '\r', '\n');
            int run = stop < 0 ? window.Length : stop;
            Append(window[..run]);
            _position += run;
            if (stop < 0)
            {
                continue;
            }

            char c = _buffer[_position];
            if (c == '\r' || c == '\n')
            {
                ConsumeLineEnd();
                return true;
            }

            if (TryConsumeSeparator())
            {
                return false;
            }

            // The first separator character alone is ordinary text.
            Append(c);
            _position++;
        }

        return true;
    }

    /// <summary>Reads a quoted field starting at the opening quote, then up to the separator or line end.</summary>
    private bool ReadQuotedField()
    {
        _position++;
        while (true)
        {
            if (!EnsureAvailable(1))
            {
                // Unterminated: the field ran to the end of input; a final line break there ended the last line.
                RecordHasQuoteError = true;
                _recordEndedWithLineBreak = _fieldCharCount > 0 && _fieldChars[_fieldCharCount - 1] is '\n' or '\r';
                return true;
            }

            ReadOnlySpan<char> window = _buffer.AsSpan(_position, _length - _position);
            int quote = window.IndexOf('"');
            int run = quote < 0 ? window.Length : quote;
            CountLineBreaks(window[..run]);
            Append(window[..run]);
            _position += run;
            if (quote < 0)
            {
                continue;
            }

            _position++;
            if (EnsureAvailable(1) && _buffer[_position] == '"')
            {
                Append('"');
                _position++;
                continue;
            }

            break;
        }

        // After the closing quote: expect a separator or a line end; anything else is kept but flagged.
        if (!EnsureAvailable(1))
        {
            return true;
        }

        char next = _buffer[_position];
        if (next == '\r' || next == '\n')
        {
            ConsumeLineEnd();
            return true;
        }

        if (TryConsumeSeparator())
        {
            return false;
        }

        RecordHasQuoteError = true;
        return ReadUnquotedField();
    }

    private bool TryConsumeSeparator()
    {
        if (!EnsureAvailable(_separator.Length))
        {
            return false;
        }

        if (!_buffer.AsSpan(_position, _separator.Length).SequenceEqual(_separator))
        {
            return false;
        }

        _position += _separator.Length;
        return true;
    }

    private void ConsumeLineEnd()
    {
        _recordEndedWithLineBreak = true;
        if (_buffer[_position] == '\r')
        {
            _position++;
            if (EnsureAvailable(1) && _buffer[_position] == '\n')
            {
                _position++;
            }
        }
        else
        {
            _position++;
        }

        _nextLine++;
    }

    private void CountLineBreaks(ReadOnlySpan<char> text)
    {
        // Line numbers count LF and lone CR inside quoted fields too, so later records report true lines.
        _nextLine += text.Count('\n');
        int crs = text.Count('\r');
        if (crs > 0)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))
                {
                    _nextLine++;
                }
            }
        }
    }

    /// <summary>Makes at least <paramref name="count"/> unread characters available; false if input ends first.</summary>
    private bool EnsureAvailable(int count)
    {
        if (_length - _position >= count)
        {
            return true;
        }

        if (_endOfInput)
        {
            return false;
        }

        // Keep the unread tail and refill behind it.
        int remaining = _length - _position;
        Array.Copy(_buffer, _position, _buffer, 0, remaining);
        _position = 0;
        _length = remaining;
        while (_length < count && !_endOfInput)
        {
            int read = _reader.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
            {
                _endOfInput = true;
            }

            _length += read;
        }

        return _length - _position >= count;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        EnsureFieldCapacity(_fieldCharCount + text.Length);
        text.CopyTo(_fieldChars.AsSpan(_fieldCharCount));
        _fieldCharCount += text.Length;
    }

    private void Append(char c)
    {
        EnsureFieldCapacity(_fieldCharCount + 1);
        _fieldChars[_fieldCharCount++] = c;
    }

    private void EnsureFieldCapacity(int needed)
    {
        if (needed > _fieldChars.Length)
        {
            Array.Resize(ref _fieldChars, Math.Max(needed, _fieldChars.Length * 2));
        }
    }

    private void AddField(int start, int end)
    {
        if (FieldCount == _fieldStarts.Length)
        {
            Array.Resize(ref _fieldStarts, FieldCount * 2);
            Array.Resize(ref _fieldEnds, FieldCount * 2);
        }

        _fieldStarts[FieldCount] = start;
        _fieldEnds[FieldCount] = end;
        FieldCount++;
    }
}
