using System.Text;
using System.Text.Unicode;

namespace Recommender.Core.Data.Internals;

/// <summary>
/// Tells a Parquet file (the <c>PAR1</c> magic) from delimited text and text in UTF-8 from text in Latin-1, and
/// refuses anything else before a parser turns binary bytes into thousands of rejected rows or an error message
/// full of control characters.
/// </summary>
internal static class DataFileSniffer
{
    private const int ProbeBytes = 4096;
    private const int ScanBytes = 1 << 16;
    private static ReadOnlySpan<byte> ParquetMagic => "PAR1"u8;

    /// <summary>Reads a seekable stream, rewinds it and names its kind.</summary>
    public static DataFileKind Detect(Stream stream, string name)
    {
        long start = stream.Position;
        Span<byte> probe = stackalloc byte[ProbeBytes];
        int length = stream.ReadAtLeast(probe, ProbeBytes, throwOnEndOfStream: false);
        stream.Position = start;
        probe = probe[..length];
        if (probe.StartsWith(ParquetMagic))
        {
            return DataFileKind.Parquet;
        }

        bool parquetName = name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
        DataFileKind? text = parquetName ? null : TextKind(probe);
        if (text is null)
        {
            // A .parquet name without the magic is a damaged or mislabelled file; say so rather than parse it as text.
            throw new DataFormatException(parquetName
                ? $"{name}: not a Parquet file (no PAR1 magic at the start)."
                : $"{name}: not a CSV or Parquet file (the content is binary).");
        }

        if (text == DataFileKind.Text && !IsUtf8ToTheEnd(stream))
        {
            // A single accented title deep in a Latin-1 file decides its encoding, so the probe alone cannot.
            text = DataFileKind.Latin1Text;
        }

        stream.Position = start;
        return text.Value;
    }

    /// <summary>A reader that decodes the text as <paramref name="kind"/> says; a byte-order mark, if any, wins.</summary>
    public static StreamReader OpenText(Stream stream, DataFileKind kind) => new(
        stream,
        kind == DataFileKind.Latin1Text ? Encoding.Latin1 : Encoding.UTF8,
        detectEncodingFromByteOrderMarks: true,
        bufferSize: 1 << 16,
        leaveOpen: true);

    // Text has no NUL byte. UTF-8 text may hold anything else (the probe may end inside a multi-byte character).
    // Other text is taken as Latin-1 only without C0 control bytes other than tab, CR and LF: compressed or
    // executable files have plenty of those within the first few kilobytes, real text has none.
    private static DataFileKind? TextKind(ReadOnlySpan<byte> probe)
    {
        if (probe.Contains((byte)0))
        {
            return null;
        }

        if (Utf8.IsValid(probe[..^IncompleteTail(probe)]))
        {
            return DataFileKind.Text;
        }

        foreach (byte b in probe)
        {
            if ((b < 0x20 && b is not (byte)'\t' and not (byte)'\r' and not (byte)'\n') || b == 0x7F)
            {
                return null;
            }
        }

        return DataFileKind.Latin1Text;
    }

    // Validates from the current position to the end in chunks; a character cut by a chunk boundary is carried over.
    private static bool IsUtf8ToTheEnd(Stream stream)
    {
        byte[] buffer = new byte[ScanBytes];
        int carried = 0;
        while (true)
        {
            int read = stream.ReadAtLeast(buffer.AsSpan(carried), buffer.Length - carried, throwOnEndOfStream: false);
            int filled = carried + read;
            if (read == 0)
            {
                return carried == 0;
            }

            ReadOnlySpan<byte> chunk = buffer.AsSpan(0, filled);
            int tail = IncompleteTail(chunk);
            if (!Utf8.IsValid(chunk[..^tail]))
            {
                return false;
            }

            chunk[^tail..].CopyTo(buffer);
            carried = tail;
        }
    }

    // The number of bytes at the end that start a multi-byte character without finishing it (0 to 3).
    private static int IncompleteTail(ReadOnlySpan<byte> bytes)
    {
        for (int back = 1; back <= 3 && back <= bytes.Length; back++)
        {
            byte b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: the lead byte lies further back
            }

            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? back : 0;
        }

        return 0;
    }
}
