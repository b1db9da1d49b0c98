using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Faults;

/// <summary>
/// The Function App on real parts for fault tests: the built worker run by the host stand-in, reaching a private
/// Azurite through a <see cref="StorageGate"/> the tests can stop or freeze. No model is trained: these tests are
/// about feedback and storage, and the app must stay up without one.
/// </summary>
public sealed class FaultAppFixture : IAsyncLifetime
{
    private AzuriteInstance? _azurite;
    private StorageGate? _gate;
    private FunctionsHostProcess? _app;

    /// <summary>Azurite itself, not through the gate: for counting rows while the app's path is broken.</summary>
    public string DirectConnectionString => _azurite!.ConnectionString;

    internal StorageGate Storage => _gate!;

    internal FunctionsHostProcess App => _app!;

    public HttpClient Client => App.Client;

    public async Task InitializeAsync()
    {
        _azurite = AzuriteInstance.Start();
        _gate = StorageGate.For(_azurite.ConnectionString);
        _app = await FunctionsHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RecommenderStorage"] = _gate.ConnectionString,
            ["ModelRefreshSeconds"] = "1",
            ["TrainingLauncher"] = "process",
            ["RetrainSchedule"] = "0 0 0 29 2 *",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.500",
        });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_gate is not null)
        {
            await _gate.DisposeAsync();
        }

        _azurite?.Dispose();
    }
}
