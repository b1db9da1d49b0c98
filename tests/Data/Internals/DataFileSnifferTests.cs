using System.IO.Compression;
using System.Text;
using Recommender.Core.Data;
using Recommender.Core.Data.Internals;

namespace Recommender.Tests.Data.Internals;

public class DataFileSnifferTests
{
    private static DataFileKind Detect(byte[] bytes, string name = "ratings.csv")
    {
        using var stream = new MemoryStream(bytes);
        DataFileKind kind = DataFileSniffer.Detect(stream, name);
        Assert.Equal(0, stream.Position);
        return kind;
    }

    [Fact]
    public void Detect_Utf8AndAsciiText_IsText()
    {
        Assert.Equal(DataFileKind.Text, Detect("userId,movieId\n1,2\n"u8.ToArray()));
        Assert.Equal(DataFileKind.Text, Detect(Encoding.UTF8.GetBytes("id,title\n1,Mis\u00e9rables\n2,\u5343\u3068\u5343\u5c0b\n")));
    }

    [Fact]
    public void Detect_Latin1Text_IsLatin1()
    {
        Assert.Equal(DataFileKind.Latin1Text, Detect(Encoding.Latin1.GetBytes("1::Mis\u00e9rables, Les (1995)::Drama\r\n")));
    }

    [Fact]
    public void Detect_ALatin1ByteFarPastTheFirstBlock_StillMakesTheFileLatin1()
    {
        string ascii = string.Concat(Enumerable.Repeat("1\t2\t3\t881250949\n", 20_000));

        Assert.Equal(DataFileKind.Latin1Text, Detect(Encoding.Latin1.GetBytes(ascii + "3|Caf\u00e9\n")));
    }

    [Theory]
    [InlineData(4095)]
    [InlineData(65_535)]
    [InlineData(65_534)]
    public void Detect_AMultiByteCharacterAcrossABlockBoundary_IsStillUtf8(int offset)
    {
        byte[] bytes = [.. Enumerable.Repeat((byte)'a', offset), .. Encoding.UTF8.GetBytes("\u5343\u00e9\n"), .. Enumerable.Repeat((byte)'b', 70_000)];

        Assert.Equal(DataFileKind.Text, Detect(bytes));
    }

    [Fact]
    public void Detect_AFileEndingInsideAMultiByteCharacter_IsLatin1()
    {
        Assert.Equal(DataFileKind.Latin1Text, Detect([(byte)'a', (byte)',', 0xC3]));
    }

    [Fact]
    public void Detect_Gzip_IsRefusedAsBinary()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i}\t{i * 7 % 1682}\t{i % 5 + 1}\t{881250949 + i}\n"))));
        }

        var e = Assert.Throws<DataFormatException>(() => Detect(compressed.ToArray(), "u.data"));

        Assert.Equal("u.data: not a CSV or Parquet file (the content is binary).", e.Message);
    }

    [Fact]
    public void Detect_InvalidUtf8WithControlBytes_IsRefusedAsBinary()
    {
        Assert.Throws<DataFormatException>(() => Detect([(byte)'a', 0xE9, 0x01, (byte)'\n']));
    }
}
