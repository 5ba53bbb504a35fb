using System.Net;
using System.Net.Sockets;

namespace Doomsday.Core.Tests.Testing.Network;

/// <summary>
/// <see cref="TcpPorts.Closed()"/> is what the tests use for "nobody listens here": a connect must be refused, and no
/// other server, whatever options it binds with, may take the port while it is held (test classes and test projects
/// run in parallel; a server that took it would answer the test in the place of nobody).
/// </summary>
public sealed class TcpPortsTests
{
    [Fact]
    public void Closed_Connect_Refused()
    {
        using var closed = TcpPorts.Closed();
        using var client = new TcpClient();

        var error = Assert.Throws<SocketException>(() => client.Connect(IPAddress.Loopback, closed.Port));

        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Fact]
    public void Closed_DotnetListenerOnThePort_AddressAlreadyInUse()
    {
        // .NET sets SO_REUSEADDR on every TCP socket it binds on Linux, as Kestrel's do.
        using var closed = TcpPorts.Closed();
        var listener = new TcpListener(IPAddress.Loopback, closed.Port);

        var error = Assert.Throws<SocketException>(listener.Start);

        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Fact]
    public void Closed_GoServerOnThePort_ExitsWithAddressInUse()
    {
        // A Go server (Alertmanager here) listens with SO_REUSEADDR as well (Go's net package sets it on every listener).
        using var closed = TcpPorts.Closed();

        var error = Assert.Throws<InvalidOperationException>(() => AlertmanagerServer.Start("http://127.0.0.1:9/hook", closed.Port).Dispose());

        Assert.True(error.Message.Contains("address already in use", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void Closed_Disposed_TheTestCanListenThere()
    {
        var closed = TcpPorts.Closed();
        closed.Dispose();
        using var listener = new TcpListener(IPAddress.Loopback, closed.Port);

        listener.Start();

        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, closed.Port);
        Assert.True(client.Connected);
    }

    [Fact]
    public void ClosedOfPort_AfterTheTestsListenerStopped_RefusedAndNoOtherListenerBinds()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        using var closed = TcpPorts.Closed(port);

        using var client = new TcpClient();
        Assert.Equal(SocketError.ConnectionRefused, Assert.Throws<SocketException>(() => client.Connect(IPAddress.Loopback, port)).SocketErrorCode);
        Assert.Equal(SocketError.AddressAlreadyInUse, Assert.Throws<SocketException>(new TcpListener(IPAddress.Loopback, port).Start).SocketErrorCode);
    }
}
