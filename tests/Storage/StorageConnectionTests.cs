using Recommender.Core.Storage;

namespace Recommender.Tests.Storage;

public class StorageConnectionTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcy0xMjM0NTY3ODkw";

    [Fact]
    public void UseDevelopmentStorage_PointsAtAzuriteDefaultPorts()
    {
        var connection = StorageConnection.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), connection.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.TableEndpoint);
        Assert.Equal("devstoreaccount1", connection.SharedKey!.AccountName);
    }

    [Fact]
    public void AccountConnectionString_DerivesEndpointsFromProtocolAndSuffix()
    {
        var connection = StorageConnection.Parse($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://acct.blob.core.chinacloudapi.cn"), connection.BlobEndpoint);
        Assert.Equal(new Uri("https://acct.table.core.chinacloudapi.cn"), connection.TableEndpoint);
        Assert.Null(connection.TokenCredential);
    }

    [Fact]
    public void ExplicitEndpoints_WinOverDerivedOnes()
    {
        var connection = StorageConnection.Parse($"AccountName=acct;AccountKey={Key};BlobEndpoint=http://127.0.0.1:4000/acct;");

        Assert.Equal(new Uri("http://127.0.0.1:4000/acct"), connection.BlobEndpoint);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), connection.QueueEndpoint);
    }

    [Theory]
    [InlineData("AccountName=acct;AccountKey", "segment 2 is not of the form Name=Value")]
    [InlineData("AccountName=acct", "no AccountKey")]
    [InlineData("AccountKey=c2VjcmV0LWtleS1ieXRlcy0xMjM0NTY3ODkw", "no AccountName")]
    [InlineData("AccountName=acct;AcountKey=c2VjcmV0LWtleS1ieXRlcy0xMjM0NTY3ODkw", "unknown setting 'AcountKey'")]
    [InlineData("AccountName=acct;AccountKey=c2VjcmV0LWtleS1ieXRlcy0xMjM0NTY3ODkw;BlobEndpoint=not a uri", "BlobEndpoint")]
    [InlineData("AccountName=acct;AccountKey=c2VjcmV0LWtleS1ieXRlcy0xMjM0NTY3ODkw;DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol")]
    [InlineData("", "empty")]
    public void MalformedConnectionString_SaysWhatIsWrong(string connectionString, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnection.Parse(connectionString));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyThatIsNotBase64_IsRejected_WithoutEchoingIt()
    {
        const string badKey = "not*base64*secret";

        var error = Assert.Throws<FormatException>(() => StorageConnection.Parse($"AccountName=acct;AccountKey={badKey}"));

        Assert.Contains("not valid base64", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(badKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_PrefersTheConnectionString()
    {
        var settings = new Dictionary<string, string?>
        {
            ["RecommenderStorage"] = "UseDevelopmentStorage=true",
            ["RecommenderStorage__blobServiceUri"] = "https://other.blob.core.windows.net",
        };

        var connection = StorageConnection.FromConfiguration(name => settings.GetValueOrDefault(name));

        Assert.NotNull(connection.SharedKey);
        Assert.Equal(10000, connection.BlobEndpoint!.Port);
    }

    [Fact]
    public void FromConfiguration_UsesServiceUrisWithATokenCredential()
    {
        var settings = new Dictionary<string, string?>
        {
            ["RecommenderStorage__blobServiceUri"] = "https://acct.blob.core.windows.net",
            ["RecommenderStorage:queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["RecommenderStorage__clientId"] = "00000000-0000-0000-0000-000000000001",
        };

        var connection = StorageConnection.FromConfiguration(name => settings.GetValueOrDefault(name));

        Assert.Null(connection.SharedKey);
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(connection.TokenCredential);
        Assert.Equal(new Uri("https://acct.blob.core.windows.net"), connection.BlobEndpoint);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), connection.QueueEndpoint);
        Assert.Null(connection.TableEndpoint);
    }

    [Fact]
    public void FromConfiguration_WithNothingSet_NamesTheSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(_ => null));

        Assert.Contains("RecommenderStorage", error.Message, StringComparison.Ordinal);
        Assert.Contains("blobServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverShowsTheKey()
    {
        var connection = StorageConnection.Parse($"AccountName=acct;AccountKey={Key}");

        Assert.DoesNotContain(Key, connection.ToString(), StringComparison.Ordinal);
        Assert.Contains("SharedKey(acct)", connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ClientForAMissingEndpoint_SaysWhichEndpointIsMissing()
    {
        var connection = StorageConnection.FromServiceUris(new Uri("https://acct.blob.core.windows.net"), null, null, new Azure.Identity.DefaultAzureCredential());

        var error = Assert.Throws<InvalidOperationException>(() => new QueueStorageClient(connection));

        Assert.Contains("no queue endpoint", error.Message, StringComparison.Ordinal);
    }
}
