using System.Text;
using Recommender.Core.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Data;

public class ItemCatalogTests
{
    private static ItemCatalog Load(string text, double maxRejectRate = 0.01)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return ItemCatalog.Load(stream, "movies.csv", maxRejectRate);
    }

    [Fact]
    public void Load_ReadsQuotedTitlesWithCommasAndSplitsGenres()
    {
        var catalog = Load(
            "movieId,title,genres\n" +
            "11,\"American President, The (1995)\",Comedy|Drama|Romance\n" +
            "12,\"Say \"\"Hi\"\", Bob (2000)\",Drama\n" +
            "13,Untitled (2001),(no genres listed)\n");

        Assert.Equal(3, catalog.Count);
        Assert.True(catalog.TryGetTitle("11", out string title));
        Assert.Equal("American President, The (1995)", title);
        Assert.True(catalog.TryGetGenres("11", out var genres));
        Assert.Equal(["Comedy", "Drama", "Romance"], genres);
        Assert.True(catalog.TryGetTitle("12", out title));
        Assert.Equal("Say \"Hi\", Bob (2000)", title);
        Assert.True(catalog.TryGetGenres("13", out genres));
        Assert.Empty(genres);
        Assert.False(catalog.TryGetTitle("99", out _));
    }

    [Fact]
    public void Load_CountsMalformedRowsByReasonAndMergesRepeatedIds()
    {
        var catalog = Load(
            "movieId,title,genres\n" +
            "1,One (1990),Drama\n" +
            "2,Missing genres (1991)\n" +
            ",No id (1992),Drama\n" +
            "1,One again (1990),Comedy\n",
            maxRejectRate: 1);

        Assert.Equal(4, catalog.Report.RowsRead);
        Assert.Equal(1, catalog.Report.RejectedFor(RejectReason.WrongColumnCount));
        Assert.Equal(1, catalog.Report.RejectedFor(RejectReason.EmptyId));
        Assert.Equal(1, catalog.Report.DuplicatesMerged);
        Assert.Equal(1, catalog.Count);
        Assert.True(catalog.TryGetTitle("1", out string title));
        Assert.Equal("One again (1990)", title);
    }

    [Fact]
    public void Load_FailsOverTheRejectLimitAndWithoutTheHeader()
    {
        var tooMany = Assert.Throws<DataFormatException>(() => Load("movieId,title,genres\n1,a\n2,b,c\n"));
        var noHeader = Assert.Throws<DataFormatException>(() => Load("1,One,Drama\n"));

        Assert.Contains("WrongColumnCount 1", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("movieId,title,genres", noHeader.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FailsWhenAStrayQuoteSwallowsTheFollowingRows()
    {
        var e = Assert.Throws<DataFormatException>(() => Load("movieId,title,genres\n1,\"Open (1990),Drama\n2,Two (1991),Drama\n3,Three (1992),Drama\n"));

        Assert.Contains("WrongColumnCount 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("unbalanced quotes over 3 line(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MovieLensDat_ReadsLatin1TitlesAndSplitsGenres()
    {
        using var dir = new TempDirectory();
        string path = MovieLensFiles.WriteLatin1(dir.Path, "movies.dat",
            "1::Toy Story (1995)::Animation|Children's|Comedy\n" +
            "73::Mis\u00e9rables, Les (1995)::Drama|Musical\n" +
            "99::Say \"Hi\" (2000)::(no genres listed)\n" +
            "100::No genres field\n");

        var catalog = ItemCatalog.Load(path, maxRejectRate: 1);

        Assert.Equal(3, catalog.Count);
        Assert.True(catalog.TryGetTitle("73", out string title));
        Assert.Equal("Mis\u00e9rables, Les (1995)", title);
        Assert.True(catalog.TryGetGenres("73", out var genres));
        Assert.Equal(["Drama", "Musical"], genres);
        Assert.True(catalog.TryGetGenres("1", out genres));
        Assert.Equal(["Animation", "Children's", "Comedy"], genres);
        Assert.True(catalog.TryGetTitle("99", out title));
        Assert.Equal("Say \"Hi\" (2000)", title);
        Assert.True(catalog.TryGetGenres("99", out genres));
        Assert.Empty(genres);
        Assert.Equal(1, catalog.Report.RejectedFor(RejectReason.WrongColumnCount));
        Assert.Equal(4, catalog.Report.ExamplesFor(RejectReason.WrongColumnCount)[0].LineNumber);
    }

    [Fact]
    public void Load_MovieLens100KItem_ReadsLatin1TitlesAndGenresFromTheFlags()
    {
        using var dir = new TempDirectory();
        string path = MovieLensFiles.WriteLatin1(dir.Path, "u.item",
            $"1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|{MovieLensFiles.Flags(3, 4, 5)}\n" +
            $"1133|Mis\u00e9rables, Les (1995)|01-Jan-1995||http://us.imdb.com/x|{MovieLensFiles.Flags(8, 12)}\n" +
            $"267|unknown||||{MovieLensFiles.Flags(0)}\n" +
            $"300|\"Quoted\", Title (1997)|01-Jan-1997|||{MovieLensFiles.Flags()}\n");

        var catalog = ItemCatalog.Load(path);

        Assert.Equal(4, catalog.Count);
        Assert.Equal(0, catalog.Report.Rejected);
        Assert.True(catalog.TryGetTitle("1133", out string title));
        Assert.Equal("Mis\u00e9rables, Les (1995)", title);
        Assert.True(catalog.TryGetGenres("1133", out var genres));
        Assert.Equal(["Drama", "Musical"], genres);
        Assert.True(catalog.TryGetGenres("1", out genres));
        Assert.Equal(["Animation", "Children's", "Comedy"], genres);
        Assert.True(catalog.TryGetGenres("267", out genres));
        Assert.Empty(genres);
        Assert.True(catalog.TryGetGenres("300", out genres));
        Assert.Empty(genres);
        Assert.True(catalog.TryGetTitle("300", out title));
        Assert.Equal("\"Quoted\", Title (1997)", title);
    }

    [Fact]
    public void Load_MovieLens100KItem_CountsMalformedRowsByReason()
    {
        using var dir = new TempDirectory();
        string flags = MovieLensFiles.Flags(1);
        string path = MovieLensFiles.WriteLatin1(dir.Path, "u.item",
            $"1|One (1990)||||{flags}\n" +
            $"2|Short row (1991)||||0|1\n" +
            $"|No id (1992)||||{flags}\n" +
            $"4|Bad flag (1993)||||{flags.Replace("0|1|", "0|x|", StringComparison.Ordinal)}\n" +
            $"5|Flag two (1994)||||{flags.Replace("0|1|", "0|2|", StringComparison.Ordinal)}\n" +
            $"1|One again (1990)||||{flags}\n");

        var catalog = ItemCatalog.Load(path, maxRejectRate: 1);

        Assert.Equal(6, catalog.Report.RowsRead);
        Assert.Equal(1, catalog.Report.RejectedFor(RejectReason.WrongColumnCount));
        Assert.Equal(1, catalog.Report.RejectedFor(RejectReason.EmptyId));
        Assert.Equal(1, catalog.Report.RejectedFor(RejectReason.NonNumericValue));
        Assert.Equal(1, catalog.Report.RejectedFor(RejectReason.ValueOutOfRange));
        Assert.Equal(1, catalog.Report.DuplicatesMerged);
        Assert.True(catalog.TryGetTitle("1", out string title));
        Assert.Equal("One again (1990)", title);
        Assert.True(catalog.TryGetGenres("1", out var genres));
        Assert.Equal(["Action"], genres);
    }

    [Fact]
    public void Load_Utf8MoviesCsv_KeepsMultiByteTitles()
    {
        var catalog = Load("movieId,title,genres\n1,Am\u00e9lie (2001),Comedy|Romance\n2,\u5343\u3068\u5343\u5c0b (2001),Animation\n");

        Assert.True(catalog.TryGetTitle("1", out string title));
        Assert.Equal("Am\u00e9lie (2001)", title);
        Assert.True(catalog.TryGetTitle("2", out title));
        Assert.Equal("\u5343\u3068\u5343\u5c0b (2001)", title);
    }

    [MovieLensFact]
    public void Load_SharedMovieLensSmallMovies_LoadsEveryRow()
    {
        var catalog = ItemCatalog.Load(Path.Combine(RepoPaths.MovieLensSmall, "movies.csv"));

        Assert.Equal(9_742, catalog.Count);
        Assert.Equal(0, catalog.Report.Rejected);
        Assert.True(catalog.TryGetTitle("11", out string title));
        Assert.Equal("American President, The (1995)", title);
    }

    [Fact]
    public async Task Load_ReadsTheSameColumnsFromParquet()
    {
        var id = new Parquet.Schema.DataField<int>("movieId");
        var title = new Parquet.Schema.DataField<string>("title");
        var genres = new Parquet.Schema.DataField<string>("genres");
        using var buffer = new MemoryStream();
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(new Parquet.Schema.ParquetSchema(id, title, genres), buffer))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<int>(id, new[] { 11, 12 });
            await group.WriteAsync(title, ["American President, The (1995)", "Two (1991)"]);
            await group.WriteAsync(genres, ["Comedy|Drama", "(no genres listed)"]);
        }

        var catalog = ItemCatalog.Load(new MemoryStream(buffer.ToArray()), "movies.parquet");

        Assert.Equal(2, catalog.Count);
        Assert.True(catalog.TryGetTitle("11", out string name));
        Assert.Equal("American President, The (1995)", name);
        Assert.True(catalog.TryGetGenres("12", out var none));
        Assert.Empty(none);
    }
}
