using System.Diagnostics;
using System.Net.Sockets;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Watch.Probes.Tcp;

/// <summary>
/// A TCP connect to <c>host:port</c>, closed at once: success when the connection is accepted. The name
/// resolution and the address connected to are reported as blackbox_exporter's <c>tcp</c> prober does.
/// </summary>
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
        var where = ProbeConnection.Where(target.Host, target.Port);
        var connection = new ProbeConnection();
        ProbeResult result;
        try
        {
            using var socket = await connection.ConnectAsync(target.Host, target.Port, cancellationToken).ConfigureAwait(false);
            result = ProbeResult.Ok(Stopwatch.GetElapsedTime(started), $"{where}: connected");
        }
        catch (SocketException e) when (!cancellationToken.IsCancellationRequested)
        {
            var (reason, detail) = ProbeConnection.Classify(e, where);
            result = ProbeResult.Fail(Stopwatch.GetElapsedTime(started), reason, detail);
        }
        return result with { Telemetry = new ProbeTelemetry { Address = connection.Address, FailedDueToRegex = false } };
    }
}
