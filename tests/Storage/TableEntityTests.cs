using Recommender.Core.Storage;

namespace Recommender.Tests.Storage;

public class TableEntityTests
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0001b")]
    public void KeysWithForbiddenCharacters_AreRejectedClearly(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new TableEntity(key, "row"));

        Assert.Contains("may not contain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReservedPropertyNames_AreRejected()
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity["RowKey"] = "x");
        Assert.Throws<ArgumentException>(() => entity["Timestamp"] = DateTimeOffset.UtcNow);
    }

    [Fact]
    public void UnsupportedPropertyTypes_AreRejectedWithTheTypeName()
    {
        var entity = new TableEntity("p", "r");

        var error = Assert.Throws<ArgumentException>(() => entity["Price"] = 1.5m);

        Assert.Contains("Decimal", error.Message, StringComparison.Ordinal);
    }
}
