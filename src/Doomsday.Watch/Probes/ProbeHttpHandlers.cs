using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Watch.Probes;

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
        var ssl = ProbeConnection.BaseOptions(material);
        return new SocketsHttpHandler
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
            // Every connection is dialled and its TLS handshake made here, so that each phase is timed and the
            // presented chain recorded (ProbeConnection), and so that serverName reaches the ClientHello (the
            // handler would send the URL's host or the Host header, overwriting SslOptions.TargetHost) while the
            // Host header stays the URL's, as blackbox_exporter's tls_config.server_name does. The handler uses
            // the authenticated stream as it is.
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context, ssl, material, cancellationToken),
        };
    }

    /// <summary>TCP to the URL's host and port; for <c>https</c> the TLS handshake on top, recorded in the request's <see cref="ProbeConnection"/>.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, SslClientAuthenticationOptions ssl, TlsMaterial material, CancellationToken cancellationToken)
    {
        var request = context.InitialRequestMessage;
        var connection = request.Options.TryGetValue(HttpExchange.ConnectionKey, out var traced) ? traced : new ProbeConnection();
        var socket = await connection.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
        var stream = new NetworkStream(socket, ownsSocket: true);
        if (request.RequestUri?.Scheme != Uri.UriSchemeHttps) return stream;
        try
        {
            return await connection.HandshakeAsync(stream, ssl, material, TargetHost(request, context.DnsEndPoint.Host, material, connection), time, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            // The handler reports anything else thrown here as a connection error; this keeps it a TLS
            // failure in HttpExchange.Classify, as the handler's own handshake would have (same message).
            throw new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.", e);
        }
    }

    /// <summary>
    /// The name sent as SNI and verified: <c>serverName</c> (for the first host only: a redirect elsewhere
    /// verifies that host, as blackbox does), else the Host header without its port, else the URL's host.
    /// </summary>
    private static string TargetHost(HttpRequestMessage request, string host, TlsMaterial material, ProbeConnection connection)
    {
        if (connection.FirstHost && material.ServerName is { } serverName) return serverName;
        if (request.Headers.Host is { Length: > 0 } header)
        {
            var colon = header.LastIndexOf(':');
            return colon > 0 && header.IndexOf(']') < colon && header[(colon + 1)..].All(char.IsAsciiDigit) ? header[..colon] : header;
        }
        return host;
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
