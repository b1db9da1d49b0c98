using Recommender.Core.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Data;

public class ParquetInputTests
{
    [Fact]
    public async Task Load_SameRatingsAsCsvAndAsParquet_GiveIdenticalTables()
    {
        using var dir = new TempDirectory();
        SyntheticDataSet data = SyntheticDataGenerator.Generate(dir.Path, new SyntheticDataOptions { Users = 200, Items = 150, Interactions = 4000, Seed = 3 });
        string parquet = Path.Combine(dir.Path, "ratings.parquet");
        await File.WriteAllBytesAsync(parquet, await TestParquet.MovieLensAsync(TestParquet.ReadMovieLensCsv(data.RatingsPath)));

        InteractionTable fromCsv = RatingsLoader.Load(data.RatingsPath);
        InteractionTable fromParquet = RatingsLoader.Load(parquet);

        Assert.True(fromCsv.Count > 3000);
        Assert.Equal(fromCsv.Users.Ids, fromParquet.Users.Ids);
        Assert.Equal(fromCsv.Items.Ids, fromParquet.Items.Ids);
        Assert.Equal(fromCsv.UserIndices, fromParquet.UserIndices);
        Assert.Equal(fromCsv.ItemIndices, fromParquet.ItemIndices);
        Assert.Equal(fromCsv.Values, fromParquet.Values);
        Assert.Equal(fromCsv.Timestamps, fromParquet.Timestamps);
        Assert.Equal(fromCsv.Report.RowsRead, fromParquet.Report.RowsRead);
        Assert.Equal(fromCsv.Report.DuplicatesMerged, fromParquet.Report.DuplicatesMerged);
    }

    [Fact]
    public async Task Load_Parquet_IsToldApartByContentNotByName()
    {
        byte[] bytes = await TestParquet.MovieLensAsync([(1, 10, 4.0, 100), (2, 10, 3.5, 200)]);
        using var stream = new MemoryStream(bytes);

        InteractionTable table = RatingsLoader.Load(stream, "ratings.csv");

        Assert.Equal(["1", "2"], table.Users.Ids);
        Assert.Equal([4f, 3.5f], table.Values);
    }

    [Fact]
    public async Task Load_Parquet_CountsRejectsByReasonAndAppliesTheSameLimit()
    {
        byte[] bytes = await TestParquet.NullableAsync(
            ["a", "b", null, "c", " ", "d"],
            ["x", "y", "x", null, "x", "z"],
            [1, null, 2, 3, 4, double.NaN]);
        var options = new RatingsLoadOptions { UserColumn = "who", ItemColumn = "what", ValueColumn = "score", MaxRejectRate = 1 };

        InteractionTable table = RatingsLoader.Load(new MemoryStream(bytes), "events.parquet", options);
        var e = Assert.Throws<DataFormatException>(() => RatingsLoader.Load(new MemoryStream(bytes), "events.parquet", options with { MaxRejectRate = 0.5 }));

        Assert.Equal(6, table.Report.RowsRead);
        Assert.Equal(1, table.Count);
        Assert.Equal(3, table.Report.RejectedFor(RejectReason.EmptyId));
        Assert.Equal(2, table.Report.RejectedFor(RejectReason.NonNumericValue));
        Assert.Contains("events.parquet: 5 of 6 rows rejected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ParquetWithUnknownColumns_NamesTheColumnOptions()
    {
        byte[] bytes = await TestParquet.NullableAsync(["a"], ["x"], [1]);

        var e = Assert.Throws<DataFormatException>(() => RatingsLoader.Load(new MemoryStream(bytes), "events.parquet"));

        Assert.Contains("who,what,score", e.Message, StringComparison.Ordinal);
        Assert.Contains("--user-column", e.Message, StringComparison.Ordinal);
        Assert.Contains("--item-column", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InteractionsParquet_ReadsBackAsTheSameTable()
    {
        InteractionTable table = TestTables.Load(
            "u,i,v,t\nalice,heat,4.5,2024-01-02\nbob,heat,1,1700000000\nalice,\"up,2009\",-2,5\n",
            "events.csv",
            new RatingsLoadOptions { UserColumn = "u", ItemColumn = "i", ValueColumn = "v", TimestampColumn = "t" });

        byte[] bytes = await InteractionsParquet.ToBytesAsync(table);
        InteractionTable back = RatingsLoader.Load(new MemoryStream(bytes), "interactions.parquet");

        Assert.Equal(table.Users.Ids, back.Users.Ids);
        Assert.Equal(table.Items.Ids, back.Items.Ids);
        Assert.Equal(table.UserIndices, back.UserIndices);
        Assert.Equal(table.ItemIndices, back.ItemIndices);
        Assert.Equal(table.Values, back.Values);
        Assert.Equal(table.Timestamps, back.Timestamps);
    }

    [Fact]
    public void Load_BinaryContent_FailsAsNeitherCsvNorParquet_WithoutRawBytesInTheMessage()
    {
        byte[] bytes = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0xFF, 0xFE, 0x01, 0x1B];

        var e = Assert.Throws<DataFormatException>(() => RatingsLoader.Load(new MemoryStream(bytes), "ratings.csv"));

        Assert.Equal("ratings.csv: not a CSV or Parquet file (the content is binary).", e.Message);
    }

    [Fact]
    public void Load_AParquetNameWithoutTheMagic_SaysItIsNotParquet()
    {
        var e = Assert.Throws<DataFormatException>(() => RatingsLoader.Load(new MemoryStream("userId,movieId\n"u8.ToArray()), "ratings.parquet"));

        Assert.Contains("not a Parquet file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ADirectory_SaysSo()
    {
        using var dir = new TempDirectory();

        var e = Assert.Throws<DataFormatException>(() => RatingsLoader.Load(dir.Path));

        Assert.Contains("is a directory", e.Message, StringComparison.Ordinal);
    }
}
