using System.Text;
using Recommender.Core.Artifacts;

namespace Recommender.Tests.Artifacts;

public class NpyFormatTests
{
    [Fact]
    public void Write_ProducesVersion1HeaderAlignedTo64Bytes()
    {
        using var stream = new MemoryStream();
        NpyFormat.Write(stream, new float[] { 1, 2, 3, 4, 5, 6 }.AsSpan(), 2, 3);
        byte[] bytes = stream.ToArray();

        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        Assert.Equal(1, bytes[6]);
        Assert.Equal(0, bytes[7]);
        int headerLength = bytes[8] | (bytes[9] << 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + (6 * sizeof(float)), bytes.Length);
    }

    [Fact]
    public void Write_OneDimensionalShapeHasTrailingComma()
    {
        using var stream = new MemoryStream();
        NpyFormat.Write(stream, new[] { 7, 8, 9 }.AsSpan(), 3);

        string header = Encoding.ASCII.GetString(stream.ToArray(), 10, 60);
        Assert.Contains("'descr': '<i4'", header);
        Assert.Contains("'shape': (3,)", header);
    }

    [Fact]
    public void ReadFloat32_RoundTripsDataAndShape()
    {
        float[] data = [0.5f, -1.25f, float.MaxValue, 0f];
        using var stream = new MemoryStream();
        NpyFormat.Write(stream, data.AsSpan(), 2, 2);
        stream.Position = 0;

        var (read, shape) = NpyFormat.ReadFloat32(stream);

        Assert.Equal(data, read);
        Assert.Equal([2, 2], shape);
    }

    [Fact]
    public void ReadInt32_RejectsFloatFileWithClearMessage()
    {
        using var stream = new MemoryStream();
        NpyFormat.Write(stream, new float[] { 1f }.AsSpan(), 1);
        stream.Position = 0;

        var ex = Assert.Throws<InvalidDataException>(() => NpyFormat.ReadInt32(stream));
        Assert.Contains("<i4", ex.Message);
    }

    [Fact]
    public void Write_RejectsShapeThatDoesNotMatchData()
    {
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentException>(() => NpyFormat.Write(stream, new float[5].AsSpan(), 2, 3));
    }

    [Fact]
    public void ReadFloat32_RejectsNonNpyBytes()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("not a numpy file at all"));
        Assert.Throws<InvalidDataException>(() => NpyFormat.ReadFloat32(stream));
    }
}
