using Microsoft.AspNetCore.Http;
using Recommender.FunctionsHost.Http;

namespace Recommender.Tests.FunctionsHost.Http;

public class FunctionKeysTests
{
    private readonly FunctionKeys _keys = new("s3cret-key");

    [Fact]
    public void TheKey_InTheHeader_OrTheCodeQuery_IsAccepted()
    {
        Assert.True(_keys.IsAuthorized(Request(header: "s3cret-key")));
        Assert.True(_keys.IsAuthorized(Request(query: "?code=s3cret-key")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s3cret-ke")]
    [InlineData("s3cret-key ")]
    [InlineData("S3CRET-KEY")]
    public void AnyOtherKey_IsRefused(string? presented)
    {
        Assert.False(_keys.Matches(presented));
        Assert.False(_keys.IsAuthorized(Request(header: presented)));
    }

    [Fact]
    public void WithoutAnAdminKey_NoKeyIsValid()
    {
        var none = new FunctionKeys(null);

        Assert.False(none.IsConfigured);
        Assert.False(none.Matches(""));
        Assert.False(none.Matches("anything"));
    }

    private static HttpRequest Request(string? header = null, string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        if (header is not null)
        {
            context.Request.Headers[FunctionKeys.HeaderName] = header;
        }

        return context.Request;
    }
}
