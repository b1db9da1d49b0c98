using System.Diagnostics;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// A closed-loop HTTP load: <c>connections</c> workers each send GET <c>path</c> again as soon as the last answer came,
/// until stopped. Counts answers by status and failed sends, so a test or the fault runner can say how many requests
/// something (a model swap, an outage) cost. Used where wrk is not installed, and by the test suite always.
/// </summary>
internal sealed class HttpLoadLoop : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, long> _statuses = [];
    private long _errors;

    private HttpLoadLoop(Uri baseAddress, string path, int connections)
    {
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _workers = new Task[connections];
        for (int i = 0; i < connections; i++)
        {
            _workers[i] = Task.Run(() => WorkAsync(path));
        }
    }

    /// <summary>What the loop saw: answers by status, sends that failed, and how long it ran.</summary>
    public sealed record Figures(IReadOnlyDictionary<int, long> Statuses, long Errors, TimeSpan Elapsed)
    {
        public long Requests => Statuses.Values.Sum() + Errors;

        public long Non2xx => Statuses.Where(s => s.Key is < 200 or > 299).Sum(s => s.Value) + Errors;
    }

    public static HttpLoadLoop Start(Uri baseAddress, string path, int connections) => new(baseAddress, path, connections);

    /// <summary>Stops the workers and returns the figures.</summary>
    public async Task<Figures> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _clock.Stop();
        lock (_lock)
        {
            return new Figures(new SortedDictionary<int, long>(_statuses), _errors, _clock.Elapsed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task WorkAsync(string path)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using HttpResponseMessage response = await _client.GetAsync(path, HttpCompletionOption.ResponseContentRead, _stop.Token);
                Count((int)response.StatusCode);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _errors);
            }
        }
    }

    private void Count(int status)
    {
        lock (_lock)
        {
            _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        }

    }
}
