using System.Net.Http.Headers;

namespace Doomsday.Watch.Probes.ApiServer;

/// <summary>
/// A kube-apiserver's health: <c>GET /livez</c>, then <c>GET /readyz?verbose</c>. The HTTP status is the
/// truth (200 = healthy), not the body; on failure the <c>[-]NAME failed: ...</c> lines the server lists
/// become the detail, so the alert says which check failed. Anonymous by default (kubeadm clusters
/// allow anonymous <c>/livez</c> and <c>/readyz</c>), or the credentials of a kubeconfig context:
/// its CA, client certificate or bearer token; <see cref="ApiServerProbeOptions.Tls"/> overrides them.
/// The token goes in the Authorization header only, never in a result.
/// </summary>
internal sealed class ApiServerProbe(ApiServerProbeOptions options, ProbeContext context) : IProbe
{
    private KubeconfigCredentials? _credentials;

    public ProbeOptions Options => options;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"url '{Core.Secrets.UrlSecrets.Redact(options.Url)}' is not an http(s) URL");
        }
        string? token = null;
        ProbeHttpClient? client;
        string? error;
        if (options.Kubeconfig is { } kubeconfig)
        {
            if (_credentials is null)
            {
                if (!KubeconfigCredentials.TryRead(kubeconfig, options.Context, out var read, out error))
                {
                    return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, error!);
                }
                _credentials = read;
            }
            if (!_credentials!.TryToken(out token, out error)) return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, error!);
            var credentials = _credentials;
            if (!context.Http.TryGet(new PoolKey(kubeconfig, options.Context, options.Tls), () => Material(credentials, options.Tls), out client, out error))
            {
                return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"tls: {error}");
            }
        }
        else if (!context.Http.TryGet(options.Tls, out client, out error))
        {
            return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"tls: {error}");
        }

        var total = TimeSpan.Zero;
        foreach (var path in (string[])["/livez", "/readyz?verbose"])
        {
            var uri = new Uri(baseUri, path);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var outcome = await HttpExchange.SendAsync(client!, request, cancellationToken).ConfigureAwait(false);
            total += outcome.Duration;
            // The figures of the request that decided (the failing one, or /readyz).
            if (outcome.Response is not { } response) return ProbeResult.Fail(total, outcome.Reason!, outcome.Detail!) with { Telemetry = outcome.Telemetry };
            if (response.Status != 200)
            {
                return ProbeResult.Fail(total, ProbeReasonCodes.UnexpectedStatus, Describe(uri, response, token is not null), response.Status) with { Telemetry = outcome.Telemetry };
            }
            if (path.StartsWith("/readyz", StringComparison.Ordinal))
            {
                return ProbeResult.Ok(total, $"{HttpExchange.Describe(new Uri(baseUri, "/readyz"))}: ok", 200) with { Telemetry = outcome.Telemetry };
            }
        }
        return ProbeResult.Ok(total, $"{HttpExchange.Describe(new Uri(baseUri, "/readyz"))}: ok", 200);
    }

    private static string Describe(Uri uri, HttpExchange.Response response, bool authenticated)
    {
        var head = $"GET {HttpExchange.Describe(uri)} answered {response.Status}";
        if (response.Status is 401 or 403)
        {
            return head + (authenticated ? ": credentials refused" : ": anonymous access refused (set kubeconfig)");
        }
        var failed = FailedChecks(response.Body);
        return failed.Count == 0 ? head : head + "\n" + string.Join("\n", failed);
    }

    /// <summary>The <c>[-]...</c> lines of a verbose healthz body (the API server prints "[-]etcd failed: reason withheld").</summary>
    internal static IReadOnlyList<string> FailedChecks(string body) =>
        body.Split('\n').Select(l => l.TrimEnd('\r').Trim()).Where(l => l.StartsWith("[-]", StringComparison.Ordinal)).Take(50).ToList();

    /// <summary>Kubeconfig material with the explicit TLS options laid over it.</summary>
    private static (TlsMaterial?, string?) Material(KubeconfigCredentials k, TlsClientOptions? tls)
    {
        var ca = k.CaPem;
        var cert = k.CertPem;
        var key = k.KeyPem;
        string? unreadable = null;
        if ((tls?.Ca is { } caFile && !TlsMaterial.TryRead(caFile, "tls.ca", out ca, out unreadable))
            || (tls?.Cert is { } certFile && !TlsMaterial.TryRead(certFile, "tls.cert", out cert, out unreadable))
            || (tls?.Key is { } keyFile && !TlsMaterial.TryRead(keyFile, "tls.key", out key, out unreadable)))
        {
            return (null, unreadable);
        }
        return TlsMaterial.TryBuild(ca, cert, key, tls?.ServerName ?? k.ServerName, (tls?.InsecureSkipVerify ?? false) || k.InsecureSkipVerify, out var m, out var error)
            ? (m, null)
            : (null, error);
    }

    private sealed record PoolKey(string Kubeconfig, string? Context, TlsClientOptions? Tls);
}
