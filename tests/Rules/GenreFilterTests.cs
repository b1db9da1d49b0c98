using Recommender.Core.Rules;

namespace Recommender.Tests.Rules;

public class GenreFilterTests
{
    [Fact]
    public void TryParseList_TrimsNames_AndKeepsEachOnceWhateverTheLetterCase()
    {
        Assert.True(GenreFilter.TryParseList(" Comedy ,drama,COMEDY", out IReadOnlyList<string> names, out string? error));

        Assert.Null(error);
        Assert.Equal(["Comedy", "drama"], names);
    }

    [Fact]
    public void TryParseList_OfNoText_IsAnEmptyList()
    {
        Assert.True(GenreFilter.TryParseList(null, out IReadOnlyList<string> names, out _));
        Assert.Empty(names);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Comedy,,Drama")]
    [InlineData("Comedy, ")]
    [InlineData("Com\tedy")]
    public void TryParseList_RefusesEmptyEntriesAndControlCharacters(string text)
    {
        Assert.False(GenreFilter.TryParseList(text, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryParseList_RefusesOverlongNamesAndTooManyNames()
    {
        string tooMany = string.Join(",", Enumerable.Range(0, GenreFilter.MaxNames + 1).Select(i => "g" + i));

        Assert.False(GenreFilter.TryParseList(new string('x', GenreFilter.MaxNameLength + 1), out _, out string? longError));
        Assert.True(GenreFilter.TryParseList(new string('x', GenreFilter.MaxNameLength), out _, out _));
        Assert.False(GenreFilter.TryParseList(tooMany, out _, out string? manyError));
        Assert.Contains("64", longError, StringComparison.Ordinal);
        Assert.Contains("32", manyError, StringComparison.Ordinal);
    }
}
