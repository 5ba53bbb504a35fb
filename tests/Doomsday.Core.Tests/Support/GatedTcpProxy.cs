using System.Net;
using System.Net.Sockets;

namespace Doomsday.Core.Tests.Support;

/// <summary>
/// Accepts connections on a free 127.0.0.1 port but forwards none of them to the upstream port until
/// <c>expected</c> connections are open at the same time. A client that handshakes with endpoints
/// one after another therefore never gets an answer; only a concurrent one does. Proves concurrency
/// without measuring time.
/// </summary>
internal sealed class GatedTcpProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _clients = [];
    private readonly CancellationTokenSource _stop = new();

    public int Port { get; }

    private int _forwarded;

    /// <summary>How many connections have been forwarded upstream (none until the gate opens).</summary>
    public int Forwarded => Volatile.Read(ref _forwarded);

    public GatedTcpProxy(int upstreamPort, int expected)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = RunAsync(upstreamPort, expected);
    }

    private async Task RunAsync(int upstreamPort, int expected)
    {
        var downstream = new List<TcpClient>();
        try
        {
            while (downstream.Count < expected)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                downstream.Add(client);
                lock (_clients) _clients.Add(client);
            }
            foreach (var client in downstream)
            {
                var upstream = new TcpClient();
                lock (_clients) _clients.Add(upstream);
                await upstream.ConnectAsync(IPAddress.Loopback, upstreamPort, _stop.Token);
                Interlocked.Increment(ref _forwarded);
                _ = PumpAsync(client.GetStream(), upstream.GetStream());
                _ = PumpAsync(upstream.GetStream(), client.GetStream());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token);
            to.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // one side closed
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var c in _clients) c.Dispose();
        }
        _stop.Dispose();
    }
}
