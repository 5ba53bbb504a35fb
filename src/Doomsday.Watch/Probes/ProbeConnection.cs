using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Certificates;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Watch.Probes;

/// <summary>
/// One connection a probe makes, timed by phase as blackbox_exporter times it (<c>prober/http.go</c>'s
/// trace, <c>utils.go</c>'s <c>chooseProtocol</c>): name resolution, TCP connect, TLS handshake; the address
/// connected to; and for TLS what the server presented, the negotiated version and the expiry of the chain
/// that verified. Filled while connecting, read after (also after a failure: a refused certificate's
/// chain is still recorded). Shared by the <c>http</c> probes' connections (ProbeHttpHandlers) and the
/// <c>tls</c> and <c>tcp</c> probes.
/// </summary>
internal sealed class ProbeConnection
{
    /// <summary>False for a redirect hop to another host: <c>serverName</c> then does not apply.</summary>
    public bool FirstHost { get; init; } = true;

    public TimeSpan Lookup { get; private set; }
    public TimeSpan Connect { get; private set; }
    public TimeSpan Handshake { get; private set; }
    public IPAddress? Remote { get; private set; }
    /// <summary><see cref="Stopwatch"/> timestamp when the connection was ready for the request (TLS done); 0 before.</summary>
    public long ReadyAt { get; private set; }
    /// <summary>Connected, and for TLS handshaken: the connection carried (or could carry) the request.</summary>
    public bool Established { get; private set; }
    public bool Tls { get; private set; }
    public string? TlsVersion { get; private set; }
    public DateTimeOffset? VerifiedExpiry { get; private set; }
    private List<byte[]>? _presented;

    /// <summary>The address part of the probe's figures; null before a name was resolved.</summary>
    public AddressTelemetry Address => Remote is { } ip ? AddressTelemetry.Connected(Lookup, ip) : new AddressTelemetry(Lookup, null, null);

    /// <summary>The TLS part; null when no handshake was attempted.</summary>
    public TlsTelemetry? TlsResult() => Tls ? _tlsResult ??= new TlsTelemetry(PresentedCertificates.Parse(_presented), TlsVersion, VerifiedExpiry) : null;

    private TlsTelemetry? _tlsResult;

    /// <summary>Resolves <paramref name="host"/> (timed) and connects to the first address that accepts (timed).</summary>
    /// <exception cref="SocketException">The name did not resolve or no address accepted.</exception>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            // WaitAsync: the resolver may not honour cancellation everywhere; the probe's timeout must hold anyway.
            addresses = await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        }
        var resolved = Stopwatch.GetTimestamp();
        Lookup = Stopwatch.GetElapsedTime(started, resolved);
        // As blackbox (chooseProtocol): the address is known once resolved, whether or not it then accepts.
        Remote = addresses[0];
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Connect = Stopwatch.GetElapsedTime(resolved);
            socket.Dispose();
            throw;
        }
        Connect = Stopwatch.GetElapsedTime(resolved);
        Remote = (socket.RemoteEndPoint as IPEndPoint)?.Address ?? Remote;
        ReadyAt = Stopwatch.GetTimestamp();
        Established = true;
        return socket;
    }

    /// <summary>
    /// The TLS handshake on <paramref name="stream"/> (timed), verified with <paramref name="material"/> as
    /// <see cref="ServerCertificateCheck"/> says; the presented chain is recorded before it is judged. A
    /// refusal surfaces as the handshake's exception with the <see cref="ProbeTlsRejection"/> inside.
    /// </summary>
    public async Task<SslStream> HandshakeAsync(Stream stream, SslClientAuthenticationOptions baseOptions, TlsMaterial material, string targetHost,
        TimeProvider time, CancellationToken cancellationToken)
    {
        Tls = true;
        Established = false;
        var started = Stopwatch.GetTimestamp();
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost, // an IP address sends no SNI and is matched against IP SANs
            CertificateRevocationCheckMode = baseOptions.CertificateRevocationCheckMode,
            CertificateChainPolicy = baseOptions.CertificateChainPolicy,
            ClientCertificateContext = baseOptions.ClientCertificateContext,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                _presented = SslStreamTlsHandshaker.Capture(certificate, chain);
                var problem = ServerCertificateCheck.Check(material, certificate, chain, errors, time.GetUtcNow(), out var verified);
                VerifiedExpiry = verified;
                return problem is null ? true : throw new ProbeTlsRejection(problem.Value.Reason, problem.Value.Message);
            },
        };
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Handshake = Stopwatch.GetElapsedTime(started);
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        Handshake = Stopwatch.GetElapsedTime(started);
        TlsVersion = TlsTelemetry.VersionName(tls.SslProtocol);
        ReadyAt = Stopwatch.GetTimestamp();
        Established = true;
        return tls;
    }

    /// <summary>A failed <see cref="ConnectAsync"/> as a reason code and a detail naming <paramref name="where"/>.</summary>
    public static (string Reason, string Detail) Classify(SocketException e, string where)
    {
        var (reason, detail) = e.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => (ProbeReasonCodes.ConnectRefused, "connection refused"),
            SocketError.TimedOut => (ProbeReasonCodes.Timeout, "connect timed out"),
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => (ProbeReasonCodes.DnsFailed, e.Message),
            SocketError.HostUnreachable or SocketError.NetworkUnreachable => (ProbeReasonCodes.Unreachable, e.Message),
            _ => (ProbeReasonCodes.ConnectionFailed, e.Message),
        };
        return (reason, $"{where}: {detail}");
    }

    /// <summary><c>host:port</c>, an IPv6 host in brackets.</summary>
    public static string Where(string host, int port) => host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";

    /// <summary>The base options for a probe's TLS material: revocation off, the configured CAs as custom trust, the client certificate.</summary>
    public static SslClientAuthenticationOptions BaseOptions(TlsMaterial material)
    {
        var ssl = new SslClientAuthenticationOptions { CertificateRevocationCheckMode = X509RevocationMode.NoCheck };
        if (material.TrustedCas is { } cas && !material.InsecureSkipVerify)
        {
            // SslStream builds a chain on every handshake before the callback runs; with the configured CAs
            // as its custom trust (not the system store) the callback can accept that chain as it is.
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(cas);
            ssl.CertificateChainPolicy = policy;
        }
        if (material.ClientCertificate is { } client)
        {
            // offline: the intermediates come from the PEM file, nothing is downloaded.
            ssl.ClientCertificateContext = SslStreamCertificateContext.Create(client, material.ClientChain, offline: true);
        }
        return ssl;
    }
}
