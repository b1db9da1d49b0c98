using Recommender.Core.Storage.Internals;

namespace Recommender.Tests.Storage;

public class QueueMessageTextTests
{
    [Theory]
    [InlineData("plain text that is not base64!", "plain text that is not base64!")]
    [InlineData("aGVsbG8gd29ybGQ=", "hello world")]
    [InlineData("//79", "//79")]
    public void QueueText_DecodesBase64AndKeepsAnythingElse(string wire, string expected)
    {
        Assert.Equal(expected, QueueMessageText.Decode(wire));
    }

    [Fact]
    public void Encode_ThenDecode_RoundTripsUnicode()
    {
        const string text = "{\"user\":\"Zoë\",\"item\":\"日本\"}";

        Assert.Equal(text, QueueMessageText.Decode(QueueMessageText.Encode(text)));
    }
}
