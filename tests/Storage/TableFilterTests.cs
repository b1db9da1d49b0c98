using Recommender.Core.Storage;

namespace Recommender.Tests.Storage;

public class TableFilterTests
{
    [Fact]
    public void Equal_DoublesQuotesInStringLiterals()
    {
        Assert.Equal("PartitionKey eq 'O''Brien''s'", TableFilter.Equal("PartitionKey", "O'Brien's"));
    }

    [Fact]
    public void Literals_CarryTheirODataType()
    {
        Assert.Equal("12L", TableFilter.Literal(12L));
        Assert.Equal("7", TableFilter.Literal(7));
        Assert.Equal("1.5", TableFilter.Literal(1.5));
        Assert.Equal("true", TableFilter.Literal(true));
        Assert.Equal("datetime'2030-01-02T03:04:05.0000000Z'", TableFilter.Literal(new DateTimeOffset(2030, 1, 2, 4, 4, 5, TimeSpan.FromHours(1))));
        Assert.Equal("guid'00000000-0000-0000-0000-000000000001'", TableFilter.Literal(new Guid("00000000-0000-0000-0000-000000000001")));
    }

    [Fact]
    public void And_ParenthesisesBothSides()
    {
        string filter = TableFilter.And(TableFilter.Equal("PartitionKey", "p"), TableFilter.GreaterThan("Count", 3L));

        Assert.Equal("(PartitionKey eq 'p') and (Count gt 3L)", filter);
    }

    [Fact]
    public void PropertyNameWithOperatorCharacters_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => TableFilter.Equal("A eq 'x' or B", "y"));
    }
}
