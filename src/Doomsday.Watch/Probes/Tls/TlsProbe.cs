using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using Doomsday.Core.Certificates;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Watch.Probes.Tls;

/// <summary>
/// A TLS handshake with the target, verified as blackbox_exporter 0.23's <c>tcp</c> prober with
/// <c>tls: true</c> does (<c>prober/tcp.go</c>: the configured CA or the system store, the server name or
/// else the target's host, even an IP address). It fails when the connection, the handshake or the
/// verification fails, and — unlike blackbox with <c>insecure_skip_verify</c> — whenever the served leaf
/// is expired or not yet valid at the injected clock's instant: skipping trust does not make an expired
/// certificate acceptable. The served chain is kept even when it is refused, so its expiry is reported.
/// </summary>
internal sealed class TlsProbe(TlsProbeOptions options, ProbeContext context) : IProbe
{
    private TlsMaterial? _material;

    public ProbeOptions Options => options;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!EndpointSpec.TryParse(options.Address, out var target, out var error))
        {
            return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"address '{options.Address}': {error}");
        }
        var serverName = options.Tls?.ServerName ?? options.Sni ?? target!.Sni;
        if (_material is null)
        {
            // Loaded once; a file that cannot be read is read again at the next run.
            var tls = (options.Tls ?? new TlsClientOptions()) with { ServerName = serverName };
            if (!TlsMaterial.TryLoad(tls, out var material, out var tlsError)) return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"tls: {tlsError}");
            _material = material;
        }
        var verify = _material!;
        var where = ProbeConnection.Where(target!.Host, target.Port);
        var connection = new ProbeConnection();
        var started = Stopwatch.GetTimestamp();
        TimeSpan Elapsed() => Stopwatch.GetElapsedTime(started);
        ProbeResult Done(ProbeResult result) => result with
        {
            Telemetry = new ProbeTelemetry { Address = connection.Address, Tls = connection.TlsResult(), FailedDueToRegex = false },
        };

        Socket socket;
        try
        {
            socket = await connection.ConnectAsync(target.Host, target.Port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (!cancellationToken.IsCancellationRequested)
        {
            var (reason, detail) = ProbeConnection.Classify(e, where);
            return Done(ProbeResult.Fail(Elapsed(), reason, detail));
        }

        try
        {
            await using var tls = await connection.HandshakeAsync(new NetworkStream(socket, ownsSocket: true), ProbeConnection.BaseOptions(verify),
                verify, serverName ?? target.Host, context.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or ProbeTlsRejection && !cancellationToken.IsCancellationRequested)
        {
            var (reason, detail) = HttpExchange.Classify(e);
            if (reason == ProbeReasonCodes.ConnectionFailed) reason = ProbeReasonCodes.TlsHandshakeFailed;
            return Done(ProbeResult.Fail(Elapsed(), reason, $"{where}: {detail}"));
        }
        var duration = Elapsed();
        var chain = connection.TlsResult()!.Chain;
        if (chain.Count == 0) return Done(ProbeResult.Fail(duration, ProbeReasonCodes.TlsHandshakeFailed, $"{where}: the server presented no readable certificate"));
        var leaf = chain[0];
        var now = context.Time.GetUtcNow();
        var what = $"{leaf.Subject}, notAfter {Stamp(leaf.NotAfter)}";
        if (now > leaf.NotAfter) return Done(ProbeResult.Fail(duration, ProbeReasonCodes.CertExpired, $"served certificate expired: {what}"));
        if (now < leaf.NotBefore)
        {
            return Done(ProbeResult.Fail(duration, ProbeReasonCodes.CertNotYetValid, $"served certificate not valid before {Stamp(leaf.NotBefore)}: {what}"));
        }
        return Done(ProbeResult.Ok(duration, $"{connection.TlsVersion}: {what} ({Durations.FormatResidual(leaf.NotAfter - now)} left)"));
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
