using System.Net.Http.Json;
using System.Text.Json;
using Recommender.Tests.TestSupport;

namespace Recommender.Faults;

/// <summary>
/// The product on loopback for the runner: Azurite (which the outage checks stop and freeze), a small synthetic data
/// set, two model versions published by the training job, and the app run by the host stand-in.
/// </summary>
internal sealed class FaultStack : IAsyncDisposable
{
    private readonly TempFolder _data;

    private FaultStack(AzuriteControl storage, TempFolder data, FunctionsHostProcess app, string v1, string v2, string knownUser)
    {
        Storage = storage;
        _data = data;
        App = app;
        V1 = v1;
        V2 = v2;
        KnownUser = knownUser;
    }

    public AzuriteControl Storage { get; }

    public FunctionsHostProcess App { get; }

    public HttpClient Client => App.Client;

    public string V1 { get; }

    public string V2 { get; }

    public string KnownUser { get; }

    public static async Task<FaultStack> StartAsync()
    {
        AzuriteControl storage = AzuriteControl.Start();
        var data = new TempFolder();
        TrainingJob("generate", "--out", data.Path, "--users", "300", "--items", "200", "--interactions", "9000", "--seed", "5");
        foreach (string file in new[] { "ratings.csv", "movies.csv" })
        {
            TrainingJob("upload", "--file", System.IO.Path.Combine(data.Path, file), "--blob", "data/" + file, "--store", storage.ConnectionString);
        }

        string v1 = Train(storage.ConnectionString);
        string v2 = Train(storage.ConnectionString);
        string knownUser = File.ReadLines(System.IO.Path.Combine(data.Path, "ratings.csv")).Skip(1).First().Split(',')[0];
        FunctionsHostProcess app = await FunctionsHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RecommenderStorage"] = storage.ConnectionString,
            ["ModelRefreshSeconds"] = "1",
            ["TrainingLauncher"] = "process",
            ["RetrainSchedule"] = "0 0 0 29 2 *",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.500",
        });
        var stack = new FaultStack(storage, data, app, v1, v2, knownUser);
        if (!await Poll.UntilAsync(async () => await stack.ServedVersionAsync() is not null, TimeSpan.FromSeconds(60)))
        {
            throw new InvalidOperationException("The app never served a model:\n" + app.Log);
        }

        return stack;
    }

    /// <summary>The version /api/health reports; null while none is served or health fails.</summary>
    public async Task<string?> ServedVersionAsync()
    {
        try
        {
            using HttpResponseMessage response = await Client.GetAsync("/api/health");
            return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("modelVersion", out JsonElement version)
                ? version.GetString()
                : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Storage.Dispose();
        _data.Dispose();
    }

    private static string Train(string connectionString) =>
        JsonDocument.Parse(TrainingJob(
            "train", "--ratings", "blob:data/ratings.csv", "--items", "blob:data/movies.csv", "--store", connectionString,
            "--no-feedback", "--factors", "16", "--iterations", "5", "--threads", "2")).RootElement.GetProperty("version").GetString()!;

    private static string TrainingJob(params string[] arguments)
    {
        string dll = System.IO.Path.Combine(FunctionsHostProcess.BuildOutput("training-job"), "training-job.dll");
        ProcessRunner.Result result = ProcessRunner.TryRun("dotnet", [dll, .. arguments], RepoPaths.Root, timeoutSeconds: 300)
            ?? throw new InvalidOperationException("dotnet could not be started.");
        return result.ExitCode == 0 ? result.StandardOutput : throw new InvalidOperationException($"training-job {arguments[0]} exited with {result.ExitCode}:\n{result.StandardError}");
    }

    /// <summary>A temporary folder removed on dispose.</summary>
    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("faults-data-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
