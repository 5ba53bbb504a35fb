using System.Globalization;
using Doomsday.Core.Certificates;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Probes.Tls;

/// <summary>
/// A TLS handshake through the endpoint source's <see cref="ITlsHandshaker"/> (which trusts nothing and
/// records what the server presents). Fails when the handshake fails or the served leaf is expired or
/// not yet valid at the injected clock's instant; trust is not judged here (that is the certificate
/// inventory's job, and self-signed cluster CAs are normal). The presented chain is in
/// <see cref="ProbeResult.Chain"/> even when the handshake then fails (a server demanding a client
/// certificate still shows its own), so the daemon can put it in the inventory.
/// </summary>
internal sealed class TlsProbe(TlsProbeOptions options, ProbeContext context) : IProbe
{
    public ProbeOptions Options => options;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!EndpointSpec.TryParse(options.Address, out var target, out var error))
        {
            return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"address '{options.Address}': {error}");
        }
        if (options.Sni is not null) target = target! with { Sni = options.Sni };
        var handshake = await context.Handshaker.HandshakeAsync(target!, options.Timeout, cancellationToken).ConfigureAwait(false);
        var chain = handshake.Chain;
        if (!handshake.Succeeded)
        {
            return ProbeResult.Fail(handshake.Duration, handshake.Reason!, handshake.Message ?? handshake.Reason!) with { Chain = chain };
        }
        if (chain.Count == 0)
        {
            return ProbeResult.Fail(handshake.Duration, ProbeReasonCodes.TlsHandshakeFailed, "the server presented no readable certificate") with { Chain = chain };
        }
        var leaf = chain[0];
        var now = context.Time.GetUtcNow();
        var what = $"{leaf.Subject}, notAfter {Stamp(leaf.NotAfter)}";
        if (now > leaf.NotAfter)
        {
            return ProbeResult.Fail(handshake.Duration, ProbeReasonCodes.CertExpired, $"served certificate expired: {what}") with { Chain = chain };
        }
        if (now < leaf.NotBefore)
        {
            return ProbeResult.Fail(handshake.Duration, ProbeReasonCodes.CertNotYetValid,
                $"served certificate not valid before {Stamp(leaf.NotBefore)}: {what}") with { Chain = chain };
        }
        return ProbeResult.Ok(handshake.Duration, $"{handshake.TlsVersion}: {what} ({Durations.FormatResidual(leaf.NotAfter - now)} left)") with { Chain = chain };
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
