using System.Net.Http.Json;
using System.Text.Json;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions;

/// <summary>
/// The Function App on real parts, shared by the tests of one class: a private Azurite (the app's storage names are
/// fixed, so it gets a storage account of its own), a small synthetic data set uploaded to it, model v1 trained and
/// published by the training job, and the host stand-in running the built worker.
/// </summary>
public class FunctionAppFixture : IAsyncLifetime
{
    private AzuriteInstance? _azurite;
    private FunctionsHostProcess? _app;
    private TempDirectory? _data;

    public string ConnectionString => _azurite!.ConnectionString;

    internal FunctionsHostProcess App => _app!;

    public HttpClient Client => App.Client;

    /// <summary>The version the first training published.</summary>
    public string V1 { get; private set; } = "";

    /// <summary>A user and an item of the training data.</summary>
    public string KnownUser { get; private set; } = "";

    public string KnownItem { get; private set; } = "";

    /// <summary>Extra app settings of this fixture (host.json overrides, for example).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        _azurite = AzuriteInstance.Start();
        _data = new TempDirectory();
        TrainingJobProcess.Run("generate", "--out", _data.Path, "--users", "300", "--items", "200", "--interactions", "9000", "--seed", "5");
        foreach (string file in new[] { "ratings.csv", "movies.csv" })
        {
            TrainingJobProcess.Run("upload", "--file", Path.Combine(_data.Path, file), "--blob", "data/" + file, "--store", ConnectionString);
        }

        V1 = Train("--no-feedback").Json.GetProperty("version").GetString()!;
        string[] firstRow = File.ReadLines(Path.Combine(_data.Path, "ratings.csv")).Skip(1).First().Split(',');
        KnownUser = firstRow[0];
        KnownItem = firstRow[1];

        var settings = new Dictionary<string, string>
        {
            ["RecommenderStorage"] = ConnectionString,
            ["ModelRefreshSeconds"] = "1",
            ["FeedbackCacheSeconds"] = "30",
            ["TrainingLauncher"] = "process",

            // Valid but only on 29 February at midnight: the schedule never fires during a test.
            ["RetrainSchedule"] = "0 0 0 29 2 *",
        };
        foreach (var (name, value) in ExtraSettings)
        {
            settings[name] = value;
        }

        _app = await FunctionsHostProcess.StartAsync(settings);
        Assert.True(await EventuallyAsync(async () => await HealthVersionAsync() == V1), $"v1 was never served:\n{_app.Log}");
    }

    /// <summary>Trains on the uploaded data (and the feedback table unless told otherwise) and publishes a version.</summary>
    internal TrainingJobProcess.Result Train(params string[] extra) => TrainingJobProcess.Run(
    [
        "train", "--ratings", "blob:data/ratings.csv", "--items", "blob:data/movies.csv", "--store", ConnectionString,
        "--factors", "16", "--iterations", "5", "--threads", "2", .. extra,
    ]);

    /// <summary>The model version /api/health reports (null while none is loaded).</summary>
    public async Task<string?> HealthVersionAsync()
    {
        using HttpResponseMessage response = await Client.GetAsync("/api/health");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        JsonElement health = await response.Content.ReadFromJsonAsync<JsonElement>();
        return health.GetProperty("modelVersion").GetString();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes.</summary>
    public static Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null) =>
        Poll.UntilAsync(condition, timeout ?? TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _azurite?.Dispose();
        _data?.Dispose();
    }
}
