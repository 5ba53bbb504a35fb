using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Probes.Tcp;

/// <summary>A TCP connect to <c>host:port</c>, closed at once: success when the connection is accepted.</summary>
internal sealed class TcpProbe(TcpProbeOptions options) : IProbe
{
    public ProbeOptions Options => options;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!EndpointSpec.TryParse(options.Address, out var target, out var parseError) || target!.Sni is not null)
        {
            return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"address '{options.Address}': {parseError ?? "sni is not a TCP setting"}");
        }
        var started = Stopwatch.GetTimestamp();
        var where = target.Host.Contains(':') ? $"[{target.Host}]:{target.Port}" : $"{target.Host}:{target.Port}";
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(target.Host, out var ip) ? [ip] : await System.Net.Dns.GetHostAddressesAsync(target.Host, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Fail(Stopwatch.GetElapsedTime(started), ProbeReasonCodes.DnsFailed, $"{target.Host}: {e.Message}");
        }
        if (addresses.Length == 0) return ProbeResult.Fail(Stopwatch.GetElapsedTime(started), ProbeReasonCodes.DnsFailed, $"{target.Host}: no address");

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(addresses, target.Port, cancellationToken).ConfigureAwait(false);
            return ProbeResult.Ok(Stopwatch.GetElapsedTime(started), $"{where}: connected");
        }
        catch (SocketException e) when (!cancellationToken.IsCancellationRequested)
        {
            var (reason, detail) = e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => (ProbeReasonCodes.ConnectRefused, "connection refused"),
                SocketError.TimedOut => (ProbeReasonCodes.Timeout, "connect timed out"),
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => (ProbeReasonCodes.Unreachable, e.Message),
                _ => (ProbeReasonCodes.ConnectionFailed, e.Message),
            };
            return ProbeResult.Fail(Stopwatch.GetElapsedTime(started), reason, $"{where}: {detail}");
        }
    }
}
