using Azure.Identity;
using Azure.Storage.Queues;
using Recommender.Core.AzureStorage;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.AzureStorage;

public class StorageAccountSettingsTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcy0xMjM0NTY3ODkw";

    [Fact]
    public void UseDevelopmentStorage_PointsAtAzuriteDefaultPorts()
    {
        var settings = StorageAccountSettings.FromConnectionString("UseDevelopmentStorage=true");

        Assert.Equal(10000, settings.BlobServiceUri!.Port);
        Assert.Equal(10001, settings.QueueServiceUri!.Port);
        Assert.Equal(10002, settings.TableServiceUri!.Port);
        Assert.Null(settings.Credential);
    }

    [Fact]
    public void AccountConnectionString_DerivesEndpointsFromProtocolAndSuffix()
    {
        var settings = StorageAccountSettings.FromConnectionString($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal("acct.blob.core.chinacloudapi.cn", settings.BlobServiceUri!.Host);
        Assert.Equal("acct.table.core.chinacloudapi.cn", settings.TableServiceUri!.Host);
    }

    [Fact]
    public void ExplicitEndpoint_IsTheOneTheClientUses()
    {
        var settings = StorageAccountSettings.FromConnectionString($"AccountName=acct;AccountKey={Key};BlobEndpoint=http://127.0.0.1:4000/acct;");

        Assert.Equal(new Uri("http://127.0.0.1:4000/acct"), settings.CreateBlobServiceClient().Uri);
    }

    [Theory]
    [InlineData("AccountName=acct;AccountKey")]
    [InlineData("nonsense")]
    [InlineData("AccountName=;nonsense")]
    public void MalformedConnectionString_IsAFormatErrorNamingTheSetting(string connectionString)
    {
        var error = Assert.Throws<FormatException>(() => StorageAccountSettings.FromConnectionString(connectionString));

        Assert.Contains("RecommenderStorage is not a valid storage connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_PrefersTheConnectionString()
    {
        var values = new Dictionary<string, string?>
        {
            ["RecommenderStorage"] = "UseDevelopmentStorage=true",
            ["RecommenderStorage__blobServiceUri"] = "https://other.blob.core.windows.net",
        };

        var settings = StorageAccountSettings.FromConfiguration(name => values.GetValueOrDefault(name));

        Assert.Null(settings.Credential);
        Assert.Equal(10000, settings.BlobServiceUri!.Port);
    }

    [Fact]
    public void FromConfiguration_UsesServiceUrisWithTheUserAssignedIdentity()
    {
        var values = new Dictionary<string, string?>
        {
            ["RecommenderStorage__blobServiceUri"] = "https://acct.blob.core.windows.net",
            ["RecommenderStorage:queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["RecommenderStorage__clientId"] = "00000000-0000-0000-0000-000000000001",
        };

        var settings = StorageAccountSettings.FromConfiguration(name => values.GetValueOrDefault(name));

        Assert.IsType<ManagedIdentityCredential>(settings.Credential);
        Assert.Equal(new Uri("https://acct.blob.core.windows.net"), settings.CreateBlobServiceClient().Uri);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), settings.CreateQueueServiceClient().Uri);
        Assert.Null(settings.TableServiceUri);
    }

    [Theory]
    [InlineData("managedidentity", typeof(ManagedIdentityCredential))]
    [InlineData(null, typeof(DefaultAzureCredential))]
    public void FromConfiguration_CredentialSettingChoosesTheCredential(string? credential, Type expected)
    {
        var values = new Dictionary<string, string?>
        {
            ["RecommenderStorage__tableServiceUri"] = "https://acct.table.core.windows.net",
            ["RecommenderStorage__credential"] = credential,
        };

        var settings = StorageAccountSettings.FromConfiguration(name => values.GetValueOrDefault(name));

        Assert.IsType(expected, settings.Credential);
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), settings.CreateTableServiceClient().Uri);
    }

    [Fact]
    public void FromConfiguration_WithNothingSet_NamesTheSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageAccountSettings.FromConfiguration(_ => null));

        Assert.Contains("RecommenderStorage", error.Message, StringComparison.Ordinal);
        Assert.Contains("blobServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_AMalformedServiceUriIsAFormatError()
    {
        var error = Assert.Throws<FormatException>(() => StorageAccountSettings.FromConfiguration(name => name == "RecommenderStorage__blobServiceUri" ? "acct.blob" : null));

        Assert.Contains("RecommenderStorage__blobServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreArgument_AccountUrlDerivesQueueAndTableOnTheSameAccount()
    {
        var settings = StorageAccountSettings.FromStoreArgument("https://acct.blob.core.windows.net");

        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), settings.QueueServiceUri);
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), settings.TableServiceUri);
        Assert.IsType<DefaultAzureCredential>(settings.Credential);
    }

    [Fact]
    public void ToString_NeverShowsTheKey()
    {
        var settings = StorageAccountSettings.FromConnectionString($"AccountName=acct;AccountKey={Key}");

        Assert.DoesNotContain(Key, settings.ToString(), StringComparison.Ordinal);
        Assert.Contains("auth=account key", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ClientForAMissingEndpoint_SaysWhichEndpointIsMissing()
    {
        var settings = StorageAccountSettings.FromServiceUris(new Uri("https://acct.blob.core.windows.net"), null, null, new DefaultAzureCredential());

        var error = Assert.Throws<InvalidOperationException>(() => settings.CreateQueueServiceClient());

        Assert.Contains("no queue endpoint", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The client defaults against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public class StorageClientDefaultsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task QueueMessages_AreBase64OnTheWire_AsTheFunctionsQueueTriggerReadsThem()
    {
        string queue = AzuriteFixture.UniqueName("q");
        await azurite.SendTextAsync(queue, """{"event":"like"}""");

        var raw = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        string wire = (await raw.GetQueueClient(queue).PeekMessageAsync()).Value.Body.ToString();

        Assert.Equal(Convert.ToBase64String("""{"event":"like"}"""u8), wire);
    }
}
