using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Core.Probes;

/// <summary>
/// The HTTP connection pools of every HTTP-based probe (<c>http</c>, <c>etcd</c>, <c>apiserver</c>): ONE
/// <see cref="SocketsHttpHandler"/> per distinct TLS setting, shared by all probes and all runs that use
/// it, so a thousand targets behind one CA cost one handler (one TLS context, one certificate
/// validation setup), not a thousand. Probe requests are sent with <c>Connection: close</c> (see
/// <see cref="HttpExchange"/>): each run opens a fresh connection, so the pool holds nothing between
/// runs; the lifetime and idle limits below only bound a connection a redirect chain might reuse.
/// Settings that cannot be loaded are not cached: the next run reads the files again.
/// </summary>
public sealed class ProbeHttpHandlers(TimeProvider time) : IDisposable
{
    /// <summary>How long one pooled connection may be reused (probe requests do not reuse them: see above).</summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<object, Entry> _entries = new();
    private readonly Lock _create = new();

    /// <summary>Distinct TLS settings in use (one connection pool each).</summary>
    public int Count => _entries.Count;

    /// <summary>The pool for TLS settings read from files (or none).</summary>
    internal bool TryGet(TlsClientOptions? tls, out ProbeHttpClient? client, out string? error) =>
        TryGet(tls ?? (object)NoTls.Instance,
            () => TlsMaterial.TryLoad(tls, out var material, out var loadError) ? (material, null) : (null, loadError),
            out client, out error);

    /// <param name="key">Value-equal identity of the setting (e.g. the <see cref="TlsClientOptions"/> record).</param>
    /// <param name="load">Reads the material; called once per key until it succeeds.</param>
    internal bool TryGet(object key, Func<(TlsMaterial? Material, string? Error)> load, out ProbeHttpClient? client, out string? error)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            client = entry.Client;
            error = null;
            return true;
        }
        lock (_create)
        {
            if (_entries.TryGetValue(key, out entry))
            {
                client = entry.Client;
                error = null;
                return true;
            }
            var (material, loadError) = load();
            if (material is null)
            {
                client = null;
                error = loadError ?? "TLS settings could not be loaded";
                return false;
            }
            entry = new Entry(new ProbeHttpClient(CreateHandler(material), material), material);
            _entries[key] = entry;
            client = entry.Client;
            error = null;
            return true;
        }
    }

    private SocketsHttpHandler CreateHandler(TlsMaterial material)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                var problem = ServerCertificateCheck.Check(material, certificate, chain, errors, time.GetUtcNow());
                return problem is null ? true : throw new ProbeTlsRejection(problem.Value.Reason, problem.Value.Message);
            },
        };
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
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = ConnectionLifetime,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
            // The probe's own timeout (cancellation) bounds the connect; this only stops a stuck dial outliving it.
            ConnectTimeout = TimeSpan.FromSeconds(60),
            UseProxy = false,
            UseCookies = false,
            // Redirects are the http probe's to follow (Probes/Http/HttpRedirects): the handler would re-send every
            // configured header but Authorization to whatever host a target names, and report that host's answer
            // as the target's. Health endpoints of etcd and the API server do not redirect.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = ssl,
        };
        if (material.ServerName is { } serverName)
        {
            // The handler would send the URL's host (or the Host header) as SNI and overwrites any
            // SslOptions.TargetHost; serverName must reach the ClientHello (an ingress dialled by IP picks
            // its certificate by SNI), with the Host header left as the URL's, as blackbox_exporter's
            // tls_config.server_name does. So the connection is dialled here and the TLS handshake done
            // with serverName as target host; the handler uses the authenticated stream as it is.
            var sni = new SslClientAuthenticationOptions
            {
                TargetHost = serverName,
                CertificateRevocationCheckMode = ssl.CertificateRevocationCheckMode,
                RemoteCertificateValidationCallback = ssl.RemoteCertificateValidationCallback,
                CertificateChainPolicy = ssl.CertificateChainPolicy,
                ClientCertificateContext = ssl.ClientCertificateContext,
            };
            handler.ConnectCallback = (context, cancellationToken) => ConnectAsync(context, sni, cancellationToken);
        }
        return handler;
    }

    /// <summary>TCP to the URL's host and port; for <c>https</c> the TLS handshake with <paramref name="sni"/> on top.</summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, SslClientAuthenticationOptions sni, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var stream = new NetworkStream(socket, ownsSocket: true);
        if (context.InitialRequestMessage.RequestUri?.Scheme != Uri.UriSchemeHttps) return stream;
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(sni, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            // The handler reports anything else thrown here as a connection error; this keeps it a TLS
            // failure in HttpExchange.Classify, as the handler's own handshake would have (same message).
            throw new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.", e);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            entry.Client.Dispose();
            entry.Material.Dispose();
        }
        _entries.Clear();
    }

    private sealed record Entry(ProbeHttpClient Client, TlsMaterial Material);
}
