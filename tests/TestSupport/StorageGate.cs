using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// A TCP relay on loopback between the app and Azurite, one port per storage service, that can play the two storage
/// faults an operator meets: <see cref="Stop"/> (the endpoint refuses connections, and open ones are cut, as when the
/// account or Azurite is down) and <see cref="Freeze"/> (connections are accepted and nothing is ever answered, a
/// black hole, as when the process is SIGSTOPped or a firewall drops packets). <see cref="Open"/> restores the relay;
/// bytes held during a freeze are delivered then.
/// </summary>
internal sealed partial class StorageGate : IAsyncDisposable
{
    private readonly List<Relay> _relays = [];

    private StorageGate(string connectionString)
    {
        ConnectionString = EndpointPattern().Replace(connectionString, match =>
        {
            var relay = new Relay(new IPEndPoint(IPAddress.Parse(match.Groups["host"].Value), int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture)));
            _relays.Add(relay);
            return $"{match.Groups["name"].Value}=http://127.0.0.1:{relay.Port}";
        });
    }

    /// <summary>The connection string that reaches Azurite through the gate.</summary>
    public string ConnectionString { get; }

    /// <summary>A gate in front of every endpoint (BlobEndpoint, QueueEndpoint, TableEndpoint) of an Azurite connection string.</summary>
    public static StorageGate For(string connectionString) => new(connectionString);

    public void Open()
    {
        foreach (Relay relay in _relays)
        {
            relay.Open();
        }
    }

    public void Stop()
    {
        foreach (Relay relay in _relays)
        {
            relay.Stop();
        }
    }

    public void Freeze()
    {
        foreach (Relay relay in _relays)
        {
            relay.Freeze();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Relay relay in _relays)
        {
            await relay.DisposeAsync();
        }
    }

    [GeneratedRegex(@"(?<name>\w+Endpoint)=http://(?<host>127\.0\.0\.1):(?<port>\d+)")]
    private static partial Regex EndpointPattern();

    private sealed class Relay : IAsyncDisposable
    {
        private readonly IPEndPoint _target;
        private readonly CancellationTokenSource _disposed = new();
        private readonly Lock _lock = new();
        private readonly List<TcpClient> _connections = [];
        private TcpListener? _listener;
        private TaskCompletionSource _thawed = Thawed();

        public Relay(IPEndPoint target)
        {
            _target = target;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Open();
        }

        public int Port { get; }

        public void Open()
        {
            lock (_lock)
            {
                _thawed.TrySetResult();
                if (_listener is null)
                {
                    _listener = new TcpListener(IPAddress.Loopback, Port);
                    _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    _listener.Start();
                    _ = AcceptAsync(_listener);
                }
            }
        }

        public void Stop()
        {
            lock (_lock)
            {
                _thawed.TrySetResult();
                _listener?.Stop();
                _listener = null;
                foreach (TcpClient connection in _connections)
                {
                    connection.Client.LingerState = new LingerOption(true, 0);
                    connection.Dispose();
                }

                _connections.Clear();
            }
        }

        public void Freeze()
        {
            Open();
            lock (_lock)
            {
                if (_thawed.Task.IsCompleted)
                {
                    _thawed = Thawed();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _disposed.CancelAsync();
            Stop();
            _disposed.Dispose();
        }

        private static TaskCompletionSource Thawed() => new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Task Gate()
        {
            lock (_lock)
            {
                return _thawed.Task;
            }
        }

        private async Task AcceptAsync(TcpListener listener)
        {
            while (!_disposed.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(_disposed.Token);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
                {
                    return;
                }

                lock (_lock)
                {
                    _connections.Add(client);
                }

                _ = RelayAsync(client);
            }
        }

        private async Task RelayAsync(TcpClient client)
        {
            using var upstream = new TcpClient();
            try
            {
                await Gate().WaitAsync(_disposed.Token);
                await upstream.ConnectAsync(_target, _disposed.Token);
                lock (_lock)
                {
                    _connections.Add(upstream);
                }

                NetworkStream from = client.GetStream();
                NetworkStream to = upstream.GetStream();
                await Task.WhenAny(PumpAsync(from, to), PumpAsync(to, from));
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                // The connection was cut (Stop) or the gate disposed.
            }
            finally
            {
                lock (_lock)
                {
                    _connections.Remove(client);
                    _connections.Remove(upstream);
                }

                client.Dispose();
            }
        }

        // Copies one direction; while frozen, bytes that arrive are held, not passed on.
        private async Task PumpAsync(NetworkStream from, NetworkStream to)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await from.ReadAsync(buffer, _disposed.Token)) > 0)
                {
                    await Gate().WaitAsync(_disposed.Token);
                    await to.WriteAsync(buffer.AsMemory(0, read), _disposed.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // One side closed or was cut.
            }
        }
    }
}
