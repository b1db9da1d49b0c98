using System.Text;
using Recommender.Core.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Data;

public class RatingsLoaderTests
{
    private const string MalformedFile =
        "userId,movieId,rating,timestamp\n" +
        "1,10,4.0,100\n" +
        "1,11,abc,100\n" +
        "2,10,6.0,100\n" +
        ",10,3.0,100\n" +
        "2, ,3.0,100\n" +
        "2,12,3.0,yesterday\n" +
        "2,13,3.0\n" +
        "3,10,0.5,100\n" +
        "3,11,NaN,100\n" +
        "3,12,0.4,100\n";

    [Fact]
    public void Load_MovieLensCsv_ReadsIdsValuesAndTimestampsInFileOrder()
    {
        var table = TestTables.MovieLens("1,31,2.5,1260759144", "1,1029,3.0,1260759179", "7,31,5.0,851866703");

        Assert.Equal(3, table.Count);
        Assert.Equal(["1", "7"], table.Users.Ids);
        Assert.Equal(["31", "1029"], table.Items.Ids);
        Assert.Equal([0, 0, 1], table.UserIndices);
        Assert.Equal([0, 1, 0], table.ItemIndices);
        Assert.Equal([2.5f, 3f, 5f], table.Values);
        Assert.Equal([1260759144L, 1260759179L, 851866703L], table.Timestamps);
        Assert.Equal(0, table.Report.Rejected);
    }

    [Fact]
    public void Load_CountsEveryRejectReason()
    {
        var table = TestTables.Load(MalformedFile, options: new RatingsLoadOptions { MaxRejectRate = 1 });
        RejectReport report = table.Report;

        Assert.Equal(10, report.RowsRead);
        Assert.Equal(2, report.Accepted);
        Assert.Equal(8, report.Rejected);
        Assert.Equal(1, report.RejectedFor(RejectReason.WrongColumnCount));
        Assert.Equal(2, report.RejectedFor(RejectReason.NonNumericValue));
        Assert.Equal(2, report.RejectedFor(RejectReason.ValueOutOfRange));
        Assert.Equal(2, report.RejectedFor(RejectReason.EmptyId));
        Assert.Equal(1, report.RejectedFor(RejectReason.BadTimestamp));
        Assert.Equal(0.8, report.RejectRate, 12);
        Assert.Equal(2, table.Count);
        Assert.Equal(["1", "3"], table.Users.Ids);
        Assert.Equal(["10"], table.Items.Ids);
        Assert.Equal(3, report.Examples[0].LineNumber);
        Assert.Equal(RejectReason.NonNumericValue, report.Examples[0].Reason);
        Assert.Equal("abc", report.Examples[0].Detail);
    }

    [Fact]
    public void Load_FailsWithCountsByReasonAndFileName_WhenRejectRateExceedsTheLimit()
    {
        var e = Assert.Throws<DataFormatException>(() => TestTables.Load(MalformedFile, "upload/ratings.csv"));

        Assert.Contains("upload/ratings.csv", e.Message, StringComparison.Ordinal);
        Assert.Contains("8 of 10 rows rejected", e.Message, StringComparison.Ordinal);
        Assert.Contains("WrongColumnCount 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("NonNumericValue 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("ValueOutOfRange 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("EmptyId 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("BadTimestamp 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("limit 1.00%", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Report);
        Assert.Equal(8, e.Report.Rejected);
    }

    [Fact]
    public void Load_AcceptsRejectsUpToTheLimit()
    {
        var rows = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int i = 0; i < 99; i++)
        {
            rows.Append("1,").Append(i).Append(",4.0,100\n");
        }

        rows.Append("1,x,bad,100\n");

        var table = TestTables.Load(rows.ToString());

        Assert.Equal(99, table.Count);
        Assert.Equal(0.01, table.Report.RejectRate, 12);
    }

    [Fact]
    public void Load_CountsEveryLineSwallowedByAStrayQuoteAsRejected()
    {
        var rows = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int i = 0; i < 300; i++)
        {
            rows.Append(i == 100 ? "1,\"7,4.0,100\n" : $"1,{i},4.0,100\n");
        }

        var lenient = TestTables.Load(rows.ToString(), options: new RatingsLoadOptions { MaxRejectRate = 1 });
        var e = Assert.Throws<DataFormatException>(() => TestTables.Load(rows.ToString()));

        // The open quote on line 102 runs to the end of the file: lines 102..301 are lost and must show.
        Assert.Equal(100, lenient.Count);
        Assert.Equal(300, lenient.Report.RowsRead);
        Assert.Equal(200, lenient.Report.RejectedFor(RejectReason.WrongColumnCount));
        Assert.Equal(102, lenient.Report.Examples[0].LineNumber);
        Assert.Contains("unbalanced quotes over 200 line(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeepsTheLatestEventOfDuplicatePairs_TiesGoingToTheLaterRow()
    {
        var table = TestTables.MovieLens(
            "1,10,3.0,200",
            "1,11,4.0,100",
            "2,20,2.0,300",
            "1,10,5.0,100",
            "2,20,4.5,300",
            "1,12,1.0,50");

        Assert.Equal(2, table.Report.DuplicatesMerged);
        Assert.Equal(6, table.Report.Accepted);
        Assert.Equal(4, table.Count);

        // Survivors keep file order: (1,10,3.0), (1,11), (2,20,4.5), (1,12).
        Assert.Equal(["10", "11", "20", "12"], [.. table.ItemIndices.Select(i => table.Items[i])]);
        Assert.Equal([3f, 4f, 4.5f, 1f], table.Values);
        Assert.Equal([200L, 100L, 300L, 50L], table.Timestamps);
    }

    [Fact]
    public void Load_MovieLensDat_SplitsOnDoubleColons()
    {
        var table = TestTables.Load("1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n", "ml-1m/ratings.dat");

        Assert.Equal(3, table.Count);
        Assert.Equal(["1193", "661"], table.Items.Ids);
        Assert.Equal([5f, 3f, 4f], table.Values);
        Assert.Equal(978298413L, table.Timestamps[2]);
    }

    [Fact]
    public void Load_MovieLensDat_CountsMalformedRows()
    {
        var table = TestTables.Load("1::1193::5::978300760\n1::661::3\n1::662::9::978300760\n", "ratings.dat", new RatingsLoadOptions { MaxRejectRate = 1 });

        Assert.Equal(1, table.Count);
        Assert.Equal(1, table.Report.RejectedFor(RejectReason.WrongColumnCount));
        Assert.Equal(1, table.Report.RejectedFor(RejectReason.ValueOutOfRange));
    }

    [Fact]
    public void Load_MovieLens100K_SplitsOnTabsWithoutAHeader()
    {
        using var dir = new TempDirectory();
        string path = MovieLensFiles.WriteLatin1(dir.Path, "u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t377\t1\t878887116\n");

        var table = RatingsLoader.Load(path);

        Assert.Equal(3, table.Count);
        Assert.Equal(["196", "186"], table.Users.Ids);
        Assert.Equal(["242", "302", "377"], table.Items.Ids);
        Assert.Equal([0, 1, 0], table.UserIndices);
        Assert.Equal([3f, 3f, 1f], table.Values);
        Assert.Equal([881250949L, 891717742L, 878887116L], table.Timestamps);
        Assert.Equal(0, table.Report.Rejected);
    }

    [Fact]
    public void Load_MovieLens100K_ByFormatUnderAnyName_CountsMalformedRows()
    {
        var options = new RatingsLoadOptions { Format = RatingsFormat.MovieLens100K, MaxRejectRate = 1 };

        var table = TestTables.Load("1\t10\t4\t100\n1\t11\t4\n1,12,4,100\n2\t10\tx\t100\n\t10\t3\t100\n", "u1.base", options);

        Assert.Equal(1, table.Count);
        Assert.Equal(2, table.Report.RejectedFor(RejectReason.WrongColumnCount));
        Assert.Equal(1, table.Report.RejectedFor(RejectReason.NonNumericValue));
        Assert.Equal(1, table.Report.RejectedFor(RejectReason.EmptyId));
    }

    [Fact]
    public void Load_Latin1RatingsCsv_DecodesIdsAsLatin1()
    {
        using var dir = new TempDirectory();
        string path = MovieLensFiles.WriteLatin1(dir.Path, "clicks.csv", "user,item\nren\u00e9e,caf\u00e9\n");

        var table = RatingsLoader.Load(path, new RatingsLoadOptions { UserColumn = "user", ItemColumn = "item" });

        Assert.Equal(["ren\u00e9e"], table.Users.Ids);
        Assert.Equal(["caf\u00e9"], table.Items.Ids);
    }

    [Fact]
    public void Load_Utf8RatingsCsv_KeepsMultiByteCharacters()
    {
        var table = TestTables.Load("user,item\nren\u00e9e,\u6620\u753b\n", "clicks.csv", new RatingsLoadOptions { UserColumn = "user", ItemColumn = "item" });

        Assert.Equal(["ren\u00e9e"], table.Users.Ids);
        Assert.Equal(["\u6620\u753b"], table.Items.Ids);
    }

    [Fact]
    public void Load_GenericCsv_UsesNamedColumnsAndParsesIsoAndUnixTimestamps()
    {
        var options = new RatingsLoadOptions { UserColumn = "Customer", ItemColumn = "product", ValueColumn = "score", TimestampColumn = "when" };
        var table = TestTables.Load(
            "when,product,customer,score\n" +
            "2024-01-02T03:04:05Z,the+matrix+1999,alice,7\n" +
            "2024-01-02 03:04:05+01:00,\"heat,1995\",bob,-1\n" +
            "2024-01-02,the+matrix+1999,bob,2.5\n" +
            "1700000000,blade-runner,alice,1\n" +
            "2024-01-02T03:04:05.250Z,blade-runner,carol,1\n",
            "events.csv",
            options);

        Assert.Equal(["alice", "bob", "carol"], table.Users.Ids);
        Assert.Equal(["the+matrix+1999", "heat,1995", "blade-runner"], table.Items.Ids);
        Assert.Equal([7f, -1f, 2.5f, 1f, 1f], table.Values);
        Assert.Equal([1704164645L, 1704161045L, 1704153600L, 1700000000L, 1704164645L], table.Timestamps);
    }

    [Fact]
    public void Load_GenericCsv_WithoutValueOrTimestampColumns_UsesOneAndZero()
    {
        var options = new RatingsLoadOptions { UserColumn = "user", ItemColumn = "item" };
        var table = TestTables.Load("user,item,extra\nu1,the+matrix+1999,x\nu2,the+matrix+1999,y\nu1,the+matrix+1999,z\n", "clicks.csv", options);

        Assert.Equal(2, table.Count);
        Assert.Equal([1f, 1f], table.Values);
        Assert.Equal([0L, 0L], table.Timestamps);
        Assert.Equal(1, table.Report.DuplicatesMerged);
        Assert.Equal(["u2", "u1"], [.. table.UserIndices.Select(u => table.Users[u])]);
    }

    [Fact]
    public void Load_GenericCsv_AppliesARangeOnlyWhenSet()
    {
        var options = new RatingsLoadOptions { UserColumn = "u", ItemColumn = "i", ValueColumn = "v", MinValue = 0, MaxValue = 10, MaxRejectRate = 1 };
        var table = TestTables.Load("u,i,v,t\na,b,11,x\na,c,10,x\na,d,-0.5,x\n", "x.csv", options);

        Assert.Equal(1, table.Count);
        Assert.Equal(2, table.Report.RejectedFor(RejectReason.ValueOutOfRange));
    }

    [Fact]
    public void Load_GenericCsv_CountsBadIsoTimestamps()
    {
        var options = new RatingsLoadOptions { UserColumn = "u", ItemColumn = "i", TimestampColumn = "t", MaxRejectRate = 1 };
        var table = TestTables.Load("u,i,t\na,b,2024-13-01\na,c,01/02/2024\na,d,\na,e,2024-02-29T10:00:00Z\n", "x.csv", options);

        Assert.Equal(1, table.Count);
        Assert.Equal(3, table.Report.RejectedFor(RejectReason.BadTimestamp));
    }

    [Fact]
    public void Load_FailsClearly_OnAnUnknownHeaderWithoutColumnNames()
    {
        var e = Assert.Throws<DataFormatException>(() => TestTables.Load("a,b,c\n1,2,3\n", "mystery.csv"));

        Assert.Contains("mystery.csv", e.Message, StringComparison.Ordinal);
        Assert.Contains("a,b,c", e.Message, StringComparison.Ordinal);
        Assert.Contains("name the user and item columns", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FailsClearly_OnAMissingNamedColumn()
    {
        var options = new RatingsLoadOptions { UserColumn = "user", ItemColumn = "sku" };

        var e = Assert.Throws<DataFormatException>(() => TestTables.Load("user,item\n1,2\n", "x.csv", options));

        Assert.Contains("no column 'sku'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FailsClearly_OnEmptyInputAndOnAHeaderWithoutRows()
    {
        var empty = Assert.Throws<DataFormatException>(() => TestTables.Load(string.Empty));
        var headerOnly = Assert.Throws<DataFormatException>(() => TestTables.Load("userId,movieId,rating,timestamp\n"));

        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        Assert.Contains("no data rows", headerOnly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MovieLensFormatDemandsItsHeader()
    {
        var e = Assert.Throws<DataFormatException>(() => TestTables.Load("user,movie,rating,time\n1,2,3,4\n", "r.csv", new RatingsLoadOptions { Format = RatingsFormat.MovieLensCsv }));

        Assert.Contains("userId,movieId,rating,timestamp", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReadsAUtf8ByteOrderMarkedFile()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("userId,movieId,rating,timestamp\n1,2,3.0,4\n")];
        using var stream = new MemoryStream(bytes);

        var table = RatingsLoader.Load(stream, "bom.csv");

        Assert.Equal(1, table.Count);
    }

    [MovieLensFact]
    public void Load_SharedMovieLensSmall_HasTheKnownShapeAndNoRejects()
    {
        var table = RatingsLoader.Load(Path.Combine(RepoPaths.MovieLensSmall, "ratings.csv"));

        // The published data set has 100,836 ratings by 610 users of 9,724 movies. The shared copy carries one
        // more well-formed row at the very end, without a final line break ("999,999999,5.0,1493846415"); a
        // loader that dropped an unterminated last line would hide it, so it is asserted here explicitly.
        Assert.Equal(0, table.Report.Rejected);
        Assert.Equal(0, table.Report.DuplicatesMerged);
        Assert.Equal(table.Report.RowsRead, table.Count);
        Assert.Equal("1", table.Users[table.UserIndices[0]]);
        Assert.Equal(964982703L, table.Timestamps[0]);
        int published = table.Count;
        int publishedUsers = table.Users.Count;
        int publishedItems = table.Items.Count;
        if (table.Users[table.UserIndices[^1]] == "999" && table.Items[table.ItemIndices[^1]] == "999999")
        {
            published--;
            publishedUsers--;
            publishedItems--;
        }

        Assert.Equal(100_836, published);
        Assert.Equal(610, publishedUsers);
        Assert.Equal(9_724, publishedItems);
    }
}
