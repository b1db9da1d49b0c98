using System.Text.Unicode;

namespace Recommender.Core.Data.Internals;

/// <summary>
/// Tells a Parquet file (the <c>PAR1</c> magic) from delimited text, and refuses anything else before a parser
/// turns binary bytes into thousands of rejected rows or an error message full of control characters.
/// </summary>
internal static class DataFileSniffer
{
    private const int ProbeBytes = 4096;
    private static ReadOnlySpan<byte> ParquetMagic => "PAR1"u8;

    /// <summary>Reads the start of a seekable stream, rewinds it and names its kind.</summary>
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
        if (parquetName || !LooksLikeText(probe))
        {
            // A .parquet name without the magic is a damaged or mislabelled file; say so rather than parse it as text.
            throw new DataFormatException(parquetName
                ? $"{name}: not a Parquet file (no PAR1 magic at the start)."
                : $"{name}: not a CSV or Parquet file (the content is binary).");
        }

        return DataFileKind.Text;
    }

    // Text is valid UTF-8 without NUL bytes; the probe may end inside a multi-byte character, which is allowed.
    private static bool LooksLikeText(ReadOnlySpan<byte> probe)
    {
        if (probe.Contains((byte)0))
        {
            return false;
        }

        if (Utf8.IsValid(probe))
        {
            return true;
        }

        for (int cut = 1; cut <= 3 && cut < probe.Length; cut++)
        {
            if (Utf8.IsValid(probe[..^cut]))
            {
                return probe.Length == ProbeBytes;
            }
        }

        return false;
    }
}
