using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Recommender.Core.Artifacts;

/// <summary>Reads and writes NumPy .npy v1.0 files (little-endian, C order) for float32 and int32 arrays.</summary>
public static class NpyFormat
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes a float32 array of the given shape.</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> data, params ReadOnlySpan<int> shape)
        => Write(stream, "<f4", MemoryMarshal.AsBytes(data), data.Length, shape);

    /// <summary>Writes an int32 array of the given shape.</summary>
    public static void Write(Stream stream, ReadOnlySpan<int> data, params ReadOnlySpan<int> shape)
        => Write(stream, "<i4", MemoryMarshal.AsBytes(data), data.Length, shape);

    /// <summary>Reads a float32 array; returns the data and its shape.</summary>
    public static (float[] Data, int[] Shape) ReadFloat32(Stream stream)
    {
        var (shape, count) = ReadHeader(stream, "<f4");
        var data = new float[count];
        stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        return (data, shape);
    }

    /// <summary>Reads an int32 array; returns the data and its shape.</summary>
    public static (int[] Data, int[] Shape) ReadInt32(Stream stream)
    {
        var (shape, count) = ReadHeader(stream, "<i4");
        var data = new int[count];
        stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        return (data, shape);
    }

    private static void Write(Stream stream, string descr, ReadOnlySpan<byte> bytes, int count, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException(".npy writing assumes a little-endian machine.");
        }

        long expected = 1;
        foreach (int dim in shape)
        {
            expected *= dim;
        }

        if (expected != count)
        {
            throw new ArgumentException($"Shape ({string.Join(", ", shape.ToArray())}) does not hold {count} values.");
        }

        string shapeText = shape.Length == 1
            ? $"({shape[0].ToString(CultureInfo.InvariantCulture)},)"
            : "(" + string.Join(", ", shape.ToArray()) + ")";
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";

        // NumPy pads the header with spaces so the data starts on a 64-byte boundary, and ends it with a newline.
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int padding = (64 - (unpadded % 64)) % 64;
        string header = dict + new string(' ', padding) + "\n";
        if (header.Length > ushort.MaxValue)
        {
            throw new ArgumentException("The .npy header is too long for format version 1.0.");
        }

        Span<byte> prefix = stackalloc byte[10];
        Magic.CopyTo(prefix);
        prefix[6] = 1;
        prefix[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix[8..], (ushort)header.Length);
        stream.Write(prefix);
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(bytes);
    }

    private static (int[] Shape, int Count) ReadHeader(Stream stream, string expectedDescr)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> prefix = stackalloc byte[10];
        stream.ReadExactly(prefix);
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a .npy file: the magic string is missing.");
        }

        int headerLength = prefix[6] switch
        {
            1 => BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]),
            2 or 3 => ReadUInt32Length(stream, prefix[8..]),
            _ => throw new InvalidDataException($"Unsupported .npy format version {prefix[6]}.{prefix[7]}."),
        };
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        string header = Encoding.ASCII.GetString(headerBytes);

        string descr = ReadDictValue(header, "descr").Trim('\'', '"');
        if (descr != expectedDescr)
        {
            throw new InvalidDataException($"Expected dtype {expectedDescr}, found {descr}.");
        }

        if (ReadDictValue(header, "fortran_order") != "False")
        {
            throw new InvalidDataException("Fortran-ordered .npy arrays are not supported.");
        }

        string shapeText = ReadDictValue(header, "shape").Trim('(', ')');
        var dims = new List<int>();
        foreach (string part in shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int dim))
            {
                throw new InvalidDataException($"Bad .npy shape '{shapeText}'.");
            }

            dims.Add(dim);
        }

        long count = 1;
        foreach (int dim in dims)
        {
            count *= dim;
        }

        if (count > Array.MaxLength)
        {
            throw new InvalidDataException($"The .npy array of {count} values is too large.");
        }

        return (dims.ToArray(), (int)count);
    }

    private static int ReadUInt32Length(Stream stream, ReadOnlySpan<byte> firstTwo)
    {
        Span<byte> length = stackalloc byte[4];
        firstTwo.CopyTo(length);
        stream.ReadExactly(length[2..]);
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(length);
        return value > 1 << 20 ? throw new InvalidDataException("The .npy header is implausibly long.") : (int)value;
    }

    private static string ReadDictValue(string header, string key)
    {
        string quoted = $"'{key}':";
        int start = header.IndexOf(quoted, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidDataException($"The .npy header has no '{key}'.");
        }

        start += quoted.Length;
        int end = key == "shape" ? header.IndexOf(')', start) + 1 : header.IndexOf(',', start);
        if (end <= start)
        {
            throw new InvalidDataException($"The .npy header value of '{key}' is malformed.");
        }

        return header[start..end].Trim();
    }
}
