using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Recommender.Core.Artifacts;
using Recommender.Core.AzureStorage;
using Recommender.Core.Feedback;
using Recommender.Functions.Hosting;
using Recommender.Functions.Training;
using Recommender.Tests.TestSupport;
using Recommender.Tests.TrainingJob;

namespace Recommender.Tests.AzureStorage;

/// <summary>Rejected keys, missing resources and unreachable endpoints: one clear sentence, never a hang.</summary>
[Collection(AzuriteCollection.Name)]
public class StorageErrorTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(20);

    private string WrongKeyConnectionString()
    {
        string wrongKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("this is not the account key at all!!"));
        int start = azurite.ConnectionString.IndexOf("AccountKey=", StringComparison.Ordinal) + "AccountKey=".Length;
        int end = azurite.ConnectionString.IndexOf(';', start);
        return azurite.ConnectionString[..start] + wrongKey + azurite.ConnectionString[end..];
    }

    // A loopback port that was free a moment ago and has no listener now.
    private static string UnreachableConnectionString()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        string key = Convert.ToBase64String(new byte[64]);
        string endpoint = $"http://127.0.0.1:{port}/devstoreaccount1";
        return $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint={endpoint};QueueEndpoint={endpoint};TableEndpoint={endpoint}";
    }

    private static void AssertOneLine(string message) =>
        Assert.DoesNotContain('\n', message.TrimEnd());

    [Fact]
    public async Task WrongAccountKey_OnTheModelStore_SaysTheKeyWasRejected()
    {
        var store = new BlobModelStore(StorageAccountSettings.FromConnectionString(WrongKeyConnectionString()).CreateBlobServiceClient(), AzuriteFixture.UniqueName("models"));

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ReadAsync(ArtifactNames.Current).WaitAsync(_noHang));

        Assert.Equal(403, error.Status);
        Assert.Contains("rejected the account key or token", error.Message, StringComparison.Ordinal);
        Assert.Contains("RecommenderStorage", error.Message, StringComparison.Ordinal);
        AssertOneLine(error.Message);
    }

    [Fact]
    public async Task WrongAccountKey_OnTheFeedbackLogAndRunLog_SaysTheKeyWasRejected()
    {
        var tables = StorageAccountSettings.FromConnectionString(WrongKeyConnectionString()).CreateTableServiceClient();
        var feedback = new FeedbackLog(tables, AzuriteFixture.UniqueTableName("feedback"));
        var runs = new TrainingRunLog(tables, new StorageLayoutOptions { TrainingRunsTable = AzuriteFixture.UniqueTableName("runs") });

        var feedbackError = await Assert.ThrowsAsync<StorageUnavailableException>(() => feedback.ReadAllAsync().ToListAsync().AsTask().WaitAsync(_noHang));
        var runsError = await Assert.ThrowsAsync<StorageUnavailableException>(() => runs.ListAsync(10, CancellationToken.None).WaitAsync(_noHang));

        Assert.Equal(403, feedbackError.Status);
        Assert.Equal(403, runsError.Status);
        Assert.Contains("rejected the account key or token", feedbackError.Message, StringComparison.Ordinal);
        Assert.Contains("rejected the account key or token", runsError.Message, StringComparison.Ordinal);
        AssertOneLine(feedbackError.Message);
    }

    [Fact]
    public async Task UnreachableEndpoint_FailsAfterTheRetryBudget_NamingTheEndpoint()
    {
        string connectionString = UnreachableConnectionString();
        var store = new BlobModelStore(StorageAccountSettings.FromConnectionString(connectionString).CreateBlobServiceClient());

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ReadAsync(ArtifactNames.Current).WaitAsync(_noHang));

        Assert.Equal(0, error.Status);
        string endpoint = connectionString[(connectionString.IndexOf("BlobEndpoint=", StringComparison.Ordinal) + "BlobEndpoint=".Length)..connectionString.IndexOf(";Queue", StringComparison.Ordinal)];
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 tries", error.Message, StringComparison.Ordinal);
        AssertOneLine(error.Message);
    }

    [Fact]
    public async Task MissingInputContainer_InTheCli_IsOneLineAndExitCode1()
    {
        string container = AzuriteFixture.UniqueName("missing");

        var result = await TrainingJobCli.RunAsync("train", "--ratings", $"blob:{container}/ratings.csv", "--store", azurite.ConnectionString, "--models-container", AzuriteFixture.UniqueName("models"), "--no-feedback").WaitAsync(_noHang);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"container '{container}'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Stderr, StringComparison.Ordinal);
        AssertOneLine(result.Stderr);
    }

    [Fact]
    public async Task WrongKey_InTheCli_IsOneLineAndExitCode1()
    {
        var result = await TrainingJobCli.RunAsync("upload", "--file", typeof(StorageErrorTests).Assembly.Location, "--blob", "data/x.bin", "--store", WrongKeyConnectionString()).WaitAsync(_noHang);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rejected the account key or token", result.Stderr, StringComparison.Ordinal);
        AssertOneLine(result.Stderr);
    }

    [Fact]
    public async Task UnreachableEndpoint_InTheCli_IsOneLineAndExitCode1()
    {
        var result = await TrainingJobCli.RunAsync("upload", "--file", typeof(StorageErrorTests).Assembly.Location, "--blob", "data/x.bin", "--store", UnreachableConnectionString()).WaitAsync(_noHang);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("could not reach", result.Stderr, StringComparison.Ordinal);
        AssertOneLine(result.Stderr);
    }

    [Fact]
    public async Task UnreachableEndpoint_InTheApp_Is503ProblemJson()
    {
        await using var host = await FunctionAppHost.StartAsync(UnreachableConnectionString(), FunctionAppHost.UniqueLayout()).WaitAsync(_noHang);
        using var body = new StringContent("""{"userId":"u1","itemId":"i1","event":"like"}""", Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await host.Client.PostAsync("/api/feedback", body).WaitAsync(_noHang);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        string detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("could not be reached", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", detail, StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task WrongKey_InTheApp_AdminRunsListIs503ProblemJson()
    {
        await using var host = await FunctionAppHost.StartAsync(WrongKeyConnectionString(), FunctionAppHost.UniqueLayout()).WaitAsync(_noHang);

        using HttpResponseMessage response = await host.Client.GetAsync("/api/training/runs").WaitAsync(_noHang);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("rejected the app's credentials", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
