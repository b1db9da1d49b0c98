using Recommender.Functions.Hosting;

namespace Recommender.Tests.Functions.Hosting;

public class TelemetryTests
{
    [Theory]
    [InlineData("ClientId=0b5c7a8e-1111-2222-3333-444455556666;Authorization=AAD", "0b5c7a8e-1111-2222-3333-444455556666")]
    [InlineData(" Authorization = aad ; ClientId = abc ", "abc")]
    [InlineData("Authorization=AAD", "")]
    public void EntraClientId_ReadsTheIdentityFromAnAadAuthenticationString(string text, string expected)
    {
        Assert.Equal(expected, Telemetry.EntraClientId(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ClientId=abc")]
    [InlineData("ClientId=abc;Authorization=Key")]
    [InlineData("garbage")]
    public void EntraClientId_IsNullWithoutAnAadAuthorization(string? text)
    {
        Assert.Null(Telemetry.EntraClientId(text));
    }
}
