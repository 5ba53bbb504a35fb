using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Authentication;
using k8s.Autorest;
using k8s.Exceptions;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// Reads (GET only) from one API server with KubernetesClient's configuration: the same handler, TLS trust, client
/// certificate, credentials, HTTP/2 and timeout as the client's <c>Kubernetes</c> class sets up
/// (kubernetes-client/csharp v21.0.8, src/KubernetesClient/Kubernetes.ConfigInit.cs and Kubernetes.cs), the same
/// request URLs as its generated operations (path, then the query parameters in the API's order), the same
/// failure: <see cref="HttpOperationException"/> with the status and body for a non-success answer. Answers are
/// decoded through <see cref="ClusterJson"/>. Not the <c>Kubernetes</c> class itself: its constructor reads
/// <c>KubernetesClientConfiguration.JsonSerializerOptions</c>, which pulls in the client's serializer context and
/// with it every model of the API (docs/benchmarks.md, native build).
/// </summary>
internal sealed class ClusterApiClient : IDisposable
{
    private readonly Uri _baseUri;
    private readonly HttpClient _http;
    private readonly ServiceClientCredentials? _credentials;
    private readonly string? _tlsServerName;
    private readonly bool _disableHttp2;
    private readonly TimeSpan _timeout;

    /// <exception cref="KubeConfigException">no or a bad host URL.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">a client certificate or key that cannot be read.</exception>
    public ClusterApiClient(KubernetesClientConfiguration config)
    {
        if (string.IsNullOrWhiteSpace(config.Host)) throw new KubeConfigException("Host url must be set");
        try
        {
            _baseUri = new Uri(config.Host);
        }
        catch (UriFormatException e)
        {
            throw new KubeConfigException("Bad host url", e);
        }
        var caCerts = config.SslCaCerts is null ? null : new X509Certificate2Collection(config.SslCaCerts);
        var handler = new SocketsHttpHandler
        {
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromMinutes(3),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            EnableMultipleHttp2Connections = true,
        };
        handler.SslOptions.ClientCertificates = [];
        config.FirstMessageHandlerSetup?.Invoke(handler);
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrWhiteSpace(config.UserAgent)) _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", config.UserAgent);
        if (_baseUri.Scheme == "https")
        {
            if (config.SkipTlsVerify) handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            else if (caCerts is not null)
            {
                handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                    Kubernetes.CertificateValidationCallBack(sender, caCerts, certificate!, chain!, errors);
            }
        }
        _credentials = Kubernetes.CreateCredentials(config);
        if (ClientCertificate(config) is { } clientCert)
        {
            handler.SslOptions.ClientCertificates.Add(clientCert);
            // As the client does: the handler would otherwise keep a certificate it selected once.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCert;
        }
        _tlsServerName = config.TlsServerName;
        _disableHttp2 = config.DisableHttp2;
        _timeout = config.HttpClientTimeout;
    }

    /// <summary>
    /// The path of a list: across all namespaces when <paramref name="ns"/> is null, else in that namespace, escaped
    /// as the client's generated operations escape a path parameter. <paramref name="api"/> is <c>api/v1</c> or
    /// <c>apis/GROUP/VERSION</c>.
    /// </summary>
    public static string ListPath(string api, string? ns, string resource) =>
        ns is null ? $"{api}/{resource}" : $"{api}/namespaces/{Uri.EscapeDataString(ns)}/{resource}";

    /// <summary>One page of a list: <paramref name="path"/> as the API names it (no leading slash), the query in the client's order.</summary>
    public Task<T> ListAsync<T>(string path, string? continueToken, string? fieldSelector, string? labelSelector, int? limit,
        JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var query = new List<string>(4);
        if (continueToken is not null) query.Add("continue=" + Uri.EscapeDataString(continueToken));
        if (fieldSelector is not null) query.Add("fieldSelector=" + Uri.EscapeDataString(fieldSelector));
        if (labelSelector is not null) query.Add("labelSelector=" + Uri.EscapeDataString(labelSelector));
        if (limit is { } l) query.Add("limit=" + l.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return GetAsync(query.Count == 0 ? path : path + "?" + string.Join("&", query), type, cancellationToken);
    }

    /// <summary>GETs <paramref name="relativeUri"/> and decodes the answer; null when the server answered <c>null</c>, as the client did.</summary>
    public async Task<T> GetAsync<T>(string relativeUri, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_timeout);
        var ct = cts.Token;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_baseUri, relativeUri));
        if (!_disableHttp2) request.Version = HttpVersion.Version20;
        if (_credentials is not null)
        {
            ct.ThrowIfCancellationRequested();
            await _credentials.ProcessHttpRequestAsync(request, ct).ConfigureAwait(false);
        }
        if (!string.IsNullOrWhiteSpace(_tlsServerName)) request.Headers.Host = _tlsServerName;
        ct.ThrowIfCancellationRequested();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (!response.IsSuccessStatusCode)
        {
            // The request (and its Authorization header) is not kept in the exception: nothing reads it.
            var content = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}', response body {content}")
            {
                Response = new HttpResponseMessageWrapper(response, content),
            };
        }
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return (await JsonSerializer.DeserializeAsync(stream, type, ct).ConfigureAwait(false))!;
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// The client certificate with its key, from the kubeconfig's data or files, as the client's internal
    /// <c>CertUtils.GetClientCert</c> makes it (PEM certificate and key; null when either is not configured).
    /// </summary>
    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration config)
    {
        var hasCert = !string.IsNullOrWhiteSpace(config.ClientCertificateData) || !string.IsNullOrWhiteSpace(config.ClientCertificateFilePath);
        var hasKey = !string.IsNullOrWhiteSpace(config.ClientCertificateKeyData) || !string.IsNullOrWhiteSpace(config.ClientKeyFilePath);
        if (!hasCert || !hasKey) return null;
        string? keyData = null;
        if (!string.IsNullOrWhiteSpace(config.ClientCertificateKeyData)) keyData = Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateKeyData));
        if (!string.IsNullOrWhiteSpace(config.ClientKeyFilePath)) keyData = File.ReadAllText(config.ClientKeyFilePath);
        string? certData = null;
        if (!string.IsNullOrWhiteSpace(config.ClientCertificateData)) certData = Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateData));
        if (!string.IsNullOrWhiteSpace(config.ClientCertificateFilePath)) certData = File.ReadAllText(config.ClientCertificateFilePath);
        return X509Certificate2.CreateFromPem(certData, keyData);
    }
}
