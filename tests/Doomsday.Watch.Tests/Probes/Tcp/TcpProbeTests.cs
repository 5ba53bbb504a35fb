using System.Net;
using System.Net.Sockets;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Tcp;

namespace Doomsday.Watch.Tests.Probes.Tcp;

public sealed class TcpProbeTests
{
    [Fact]
    public async Task RunAsync_ListeningPort_Succeeds()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await new TcpProbe(new TcpProbeOptions { Name = "ssh", Address = $"127.0.0.1:{port}" }).RunAsync(CancellationToken.None);

        Assert.True(result.Success, result.Detail);
        Assert.Equal((4, AddressTelemetry.Hash(IPAddress.Loopback)), (result.Telemetry.Address!.IpProtocol, result.Telemetry.Address.IpHash));
        Assert.False(result.Telemetry.FailedDueToRegex);
    }

    [Fact]
    public async Task RunAsync_ClosedPort_FailsWithConnectRefused()
    {
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends

        var result = await new TcpProbe(new TcpProbeOptions { Name = "ssh", Address = $"127.0.0.1:{closed.Port}" }).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeReasonCodes.ConnectRefused, result.ReasonCode);
        Assert.Contains($"127.0.0.1:{closed.Port}", result.Detail);
    }

    [Fact]
    public async Task RunAsync_AddressWithoutPort_FailsWithBadProbeConfig()
    {
        var result = await new TcpProbe(new TcpProbeOptions { Name = "ssh", Address = "127.0.0.1" }).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeReasonCodes.BadProbeConfig, result.ReasonCode);
    }
}
