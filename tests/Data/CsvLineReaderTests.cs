using Recommender.Core.Data;

namespace Recommender.Tests.Data;

public class CsvLineReaderTests
{
    private static List<string[]> ReadAll(string text, string separator = ",", bool allowQuotes = true)
    {
        var reader = new CsvLineReader(new StringReader(text), separator, allowQuotes);
        var records = new List<string[]>();
        while (reader.ReadRecord())
        {
            var fields = new string[reader.FieldCount];
            for (int i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.FieldString(i);
            }

            records.Add(fields);
        }

        return records;
    }

    [Fact]
    public void ReadRecord_UnquotesFieldsWithSeparatorsAndDoubledQuotes()
    {
        var records = ReadAll("id,title\n1,\"American President, The (1995)\"\n2,\"Say \"\"Hi\"\", Bob\"\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["1", "American President, The (1995)"], records[1]);
        Assert.Equal(["2", "Say \"Hi\", Bob"], records[2]);
    }

    [Fact]
    public void ReadRecord_AcceptsCrLfAndLfAndAMissingFinalLineEnd()
    {
        var records = ReadAll("a,b\r\n1,2\n3,4\r\n5,6");

        Assert.Equal([["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]], records);
    }

    [Fact]
    public void ReadRecord_KeepsLineBreaksInsideQuotesAndCountsLinesForLaterRecords()
    {
        var reader = new CsvLineReader(new StringReader("x,\"two\r\nlines\"\n\n\ny,z\n"));

        Assert.True(reader.ReadRecord());
        Assert.Equal("two\r\nlines", reader.FieldString(1));
        Assert.Equal(1, reader.LineNumber);
        Assert.Equal(2, reader.LineCount);
        Assert.True(reader.ReadRecord());
        Assert.Equal(5, reader.LineNumber);
        Assert.Equal(1, reader.LineCount);
        Assert.Equal("y", reader.FieldString(0));
        Assert.False(reader.ReadRecord());
    }

    [Fact]
    public void ReadRecord_KeepsEmptyFieldsIncludingATrailingOne()
    {
        var records = ReadAll(",x,,\n\"\",y\n");

        Assert.Equal([["", "x", "", ""], ["", "y"]], records);
    }

    [Fact]
    public void ReadRecord_SplitsOnAMultiCharacterSeparatorAndKeepsLoneColons()
    {
        var records = ReadAll("1::1193::5::978300760\n2::a:b::3::1\n", "::", allowQuotes: false);

        Assert.Equal(["1", "1193", "5", "978300760"], records[0]);
        Assert.Equal(["2", "a:b", "3", "1"], records[1]);
    }

    [Fact]
    public void ReadRecord_ReadsFieldsLongerThanItsBuffer()
    {
        string longField = new('q', 200_000);
        var records = ReadAll($"1,\"{longField}\",3\n4,{longField}::x,5\n");

        Assert.Equal(longField, records[0][1]);
        Assert.Equal("3", records[0][2]);
        Assert.Equal(longField + "::x", records[1][1]);
    }

    [Fact]
    public void ReadRecord_FlagsTextAfterAClosingQuoteAndAnUnterminatedQuote()
    {
        var reader = new CsvLineReader(new StringReader("\"ab\"cd,e\n\"open,f\n"));

        Assert.True(reader.ReadRecord());
        Assert.True(reader.RecordHasQuoteError);
        Assert.Equal("abcd", reader.FieldString(0));
        Assert.Equal(2, reader.FieldCount);
        Assert.True(reader.ReadRecord());
        Assert.True(reader.RecordHasQuoteError);
        Assert.Equal(1, reader.FieldCount);
        Assert.Equal(1, reader.LineCount);
        Assert.False(reader.ReadRecord());
    }

    [Fact]
    public void ReadRecord_TreatsAQuoteInsideAnUnquotedFieldAsText()
    {
        var records = ReadAll("5'2\" tall,x\n");

        Assert.Equal(["5'2\" tall", "x"], records[0]);
    }
}
