using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Watch;

/// <summary>
/// Acceptance of the metrics against the tools they replace: a REAL Prometheus 2.42 scrapes a REAL
/// <c>doomsday watch</c> process (certificates generated here: expired, 3 days, 20 days, healthy, not yet
/// valid, a broken file, a kubeconfig, an endpoint, a TLS Secret through the fake Kubernetes API server — a fake because no
/// kube-apiserver runs here — which forbids listing ConfigMaps; probes of real nginx targets: up, down,
/// slow, expiring, expired) with every rule of x509-certificate-exporter's v3 and v4 charts and of
/// awesome-prometheus-alerts' blackbox set loaded. Each rule must fire on the series made to trigger it,
/// or be listed in docs/metrics.md under "Rules that cannot fire" (and then not fire); every query of
/// both exporter dashboards must return data. Rules' <c>for:</c> is set to 0s in the copies loaded (the
/// expressions are unchanged): waiting 15 minutes proves nothing more.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WatchPrometheusCompatibilityTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TempDir _dir = new();
    private readonly TempDir _www = new(); // served by nginx's workers (not root): readable by everyone
    private NginxServer? _nginx;
    private FakeKubeApiServer? _api;
    private ChildProcess? _daemon;
    private PrometheusServer? _prometheus;
    private string _config = "";

    /// <summary>Where the http-down probe finds nobody listening, held closed until the class is disposed.</summary>
    private readonly TcpPorts.ClosedPort _closed = TcpPorts.Closed();

    private static string Compat(params string[] parts) => Path.Combine([CorpusLocator.Compat, .. parts]);

    public async Task InitializeAsync()
    {
        var ca = TestPki.CreateCa("compat-ca", Now.AddDays(-400), Now.AddYears(5));
        var caFile = _dir.File("ca.crt", ca.ExportCertificatePem());
        X509Certificate2 Served(string name, double days) => TestPki.CreateServer(name, [name], Now.AddDays(-300), Now.AddDays(days), ca);
        _www.File("slow.txt", new string('x', 3000));
        _www.OpenToEveryone();
        _nginx = NginxServer.Start(
        [
            new NginxSite("good", null, [Served("good.example", 300)]),
            new NginxSite("soon10", null, [Served("soon10.example", 10)]),
            new NginxSite("soon2", null, [Served("soon2.example", 2)]),
            new NginxSite("expired", null, [Served("expired.example", -3)]),
            // 3000 bytes at 1000 bytes/s: a transfer of about 2-3 s, so the probe is slow.
            new NginxSite("slow", null, [], Directives: $"location / {{ root {_www.Path}; limit_rate 1000; }}"),
        ]);
        Certificate("expired.crt", -2);
        Certificate("soon-3d.crt", 3);
        Certificate("renew-20d.crt", 20);
        Certificate("healthy.crt", 300);
        Certificate("future.crt", 400, notBeforeDays: 5);
        _dir.File("certs/broken.crt", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        _api = await FakeKubeApiServer.StartAsync();
        _api.Add(FakeObjects.TlsSecret("shop", "web-tls", [Served("shop.example", 20)], ca));
        _api.Forbid("configmaps");
        var kubeconfig = _api.WriteKubeconfig(_dir.Combine("kubeconfig"));

        var listen = TcpPorts.Free();
        _config = _dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $$"""
            server: {listen: "127.0.0.1:{{listen}}"}
            store: {path: "{{_dir.Combine("doomsday.db")}}"}
            labels: {cluster: compat}
            # The exporter charts' CertificateError rule needs x509_cert_error, which is off by default there and here.
            metrics: {exposePerCertError: true}
            certificates:
              paths: ["{{_dir.Combine("certs")}}"]
              kubeconfigs: ["{{kubeconfig}}"]
              endpoints: ["127.0.0.1:{{_nginx.Port("soon10")}},sni=soon10.example"]
              cluster: {kubeconfig: "{{kubeconfig}}"}
              interval: 1s
            probes:
              - {name: tls-good, kind: tls, address: "127.0.0.1:{{_nginx.Port("good")}}", sni: good.example, tls: {ca: "{{caFile}}"}, interval: 1s}
              - {name: https-10d, kind: http, url: "https://127.0.0.1:{{_nginx.Port("soon10")}}/", tls: {ca: "{{caFile}}", serverName: soon10.example}, interval: 1s}
              - {name: tls-2d, kind: tls, address: "127.0.0.1:{{_nginx.Port("soon2")}}", sni: soon2.example, tls: {ca: "{{caFile}}"}, interval: 1s}
              - {name: tls-expired, kind: tls, address: "127.0.0.1:{{_nginx.Port("expired")}}", sni: expired.example, tls: {ca: "{{caFile}}"}, interval: 1s}
              - {name: http-down, kind: http, url: "http://127.0.0.1:{{_closed.Port}}/", interval: 1s}
              - {name: http-slow, kind: http, url: "http://127.0.0.1:{{_nginx.Port("slow")}}/slow.txt", interval: 5s, timeout: 15s}
            """));
        _daemon = WatchProcess.Start(_config, listen);

        var rules = new[]
        {
            ("x509-v3.rules.yml", Compat("x509-certificate-exporter", "x509-v3.rules.yml")),
            ("x509-v4.rules.yml", Compat("x509-certificate-exporter", "x509-v4.rules.yml")),
            ("blackbox.rules.yml", Compat("blackbox", "awesome-prometheus-alerts-blackbox.yml")),
        };
        var prometheusDir = _dir.Dir("prometheus");
        foreach (var (name, source) in rules)
        {
            File.WriteAllText(Path.Combine(prometheusDir, name), Regex.Replace(File.ReadAllText(source), @"^(\s*)for: \S+", "${1}for: 0s", RegexOptions.Multiline));
        }
        _prometheus = PrometheusServer.Start(prometheusDir, $$"""
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            rule_files: [{{string.Join(", ", rules.Select(r => Path.Combine(prometheusDir, r.Item1)))}}]
            scrape_configs:
              - job_name: doomsday
                honor_labels: true
                scrape_timeout: 1s
                static_configs: [{targets: ['127.0.0.1:{{listen}}']}]
            """);
    }

    private void Certificate(string file, double days, double notBeforeDays = -30)
    {
        var subject = new X500DistinguishedName("CN=" + Path.GetFileNameWithoutExtension(file));
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new CertificateRequest(subject, key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(Now.AddDays(notBeforeDays), Now.AddDays(days));
        _dir.File("certs/" + file, cert.ExportCertificatePem() + "\n");
    }

    [Fact]
    public async Task Watch_ScrapedByRealPrometheus_EveryRuleFiresOrIsDocumentedAndEveryDashboardQueryHasData()
    {
        var prometheus = _prometheus!;
        await prometheus.WaitReadyAsync(Deadline);
        // Phase 1: Prometheus has the daemon's counters before anything changes, so increase() sees what follows.
        await Eventually.UntilAsync(async () => (await prometheus.QueryAsync("count_over_time(x509_read_errors[5m]) >= 2")).Count > 0
                                                && (await prometheus.QueryAsync("probe_success{probe=\"http-slow\"}")).Count > 0,
            Deadline, () => $"two scrapes of the daemon: {Diagnostics()}");

        // Phase 2: seven new unreadable files (one a PKCS#12 no passphrase opens), and a reload that fails.
        for (var i = 0; i < 6; i++) _dir.File($"certs/new-broken-{i}.pem", "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
        using (var key = System.Security.Cryptography.ECDsa.Create())
        using (var p12 = new CertificateRequest("CN=keystore", key, System.Security.Cryptography.HashAlgorithmName.SHA256).CreateSelfSigned(Now.AddDays(-1), Now.AddDays(90)))
        {
            _dir.File("certs/keystore.p12", p12.Export(X509ContentType.Pkcs12, "not-configured"));
        }
        File.WriteAllText(_config, File.ReadAllText(_config) + "\nprobes: [this is not a probe list\n");
        WatchProcess.Signal(_daemon!.Pid, "HUP");

        var notApplicable = NotApplicableRules();
        List<(string Group, string Name, string State)> rules = [];
        var durations = "";
        await Eventually.UntilAsync(async () =>
        {
            rules = await prometheus.RulesAsync();
            if (rules.Count > 0 && rules.All(r => r.State == "firing" || notApplicable.Contains(r.Name))) return true;
            durations = string.Join(", ", (await prometheus.QueryAsync("probe_duration_seconds")).Select(d => $"{d.Labels["probe"]}={d.Value}"));
            return false;
        }, Deadline, () => "every applicable rule firing; not firing: "
                            + string.Join(", ", rules.Where(r => r.State != "firing" && !notApplicable.Contains(r.Name)).Select(r => $"{r.Group}/{r.Name} ({r.State})"))
                            + $"\nprobe durations: {durations}\n" + Diagnostics());

        Assert.Equal(4 + 13 + 9, rules.Count); // every rule of the three files loaded
        Assert.All(rules.Where(r => notApplicable.Contains(r.Name)), r => Assert.Equal("inactive", r.State));
        // Alert labels as the rules' templates read them: the probe's target, the global labels.
        var failed = await prometheus.QueryAsync("ALERTS{alertname=\"BlackboxProbeFailed\",alertstate=\"firing\"}");
        Assert.Contains(failed, a => a.Labels["instance"] == $"http://127.0.0.1:{_closed.Port}/");
        Assert.All(failed, a => Assert.Equal("compat", a.Labels["cluster"]));
        Assert.Contains(await prometheus.QueryAsync("ALERTS{alertname=\"SourceDown\"}"), a => a.Labels["source_kind"] == "kube-configmap");

        foreach (var version in new[] { "v3", "v4" })
        {
            foreach (var (panel, query) in DashboardQueries(Compat("x509-certificate-exporter", version, "grafana-dashboards", "x509-certificate-exporter.json")))
            {
                var result = await prometheus.QueryAsync(query);
                Assert.True(result.Count > 0, $"{version} dashboard, panel '{panel}': no data for {query}");
            }
        }
        // Endpoint and Secret certificates are in the dashboards' tables, not only in the totals.
        var hostFiles = await prometheus.QueryAsync("sort(((x509_cert_not_after{filepath!=\"\"} - time()) / 86400) < 180)");
        Assert.Contains(hostFiles, s => s.Labels.GetValueOrDefault("filepath", "").StartsWith("tls://", StringComparison.Ordinal));
        var secrets = await prometheus.QueryAsync("sort(((x509_cert_not_after{secret_name!=\"\"} - time()) / 86400) < 180)");
        Assert.Contains(secrets, s => s.Labels["secret_name"] == "web-tls" && s.Labels["secret_key"] == "tls.crt");
    }

    /// <summary>The rules docs/metrics.md lists under "Rules that cannot fire" (a table: | `Rule` | why |).</summary>
    private static HashSet<string> NotApplicableRules()
    {
        var doc = DocsFolder.Doc("metrics.md");
        var section = doc[doc.IndexOf("### Rules that cannot fire", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n\n", section.IndexOf("| --- |", StringComparison.Ordinal), StringComparison.Ordinal)];
        var names = Regex.Matches(section, @"^\| `([A-Za-z0-9]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(names);
        return names;
    }

    /// <summary>Every PromQL of a Grafana dashboard, its template variables replaced by their current values as Grafana does.</summary>
    private static List<(string Panel, string Query)> DashboardQueries(string file)
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(file))!;
        var variables = dashboard["templating"]!["list"]!.AsArray()
            .Where(v => v!["current"]?["value"] is not null)
            .ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!["current"]!["value"]!.GetValue<string>());
        var queries = new List<(string, string)>();
        void Walk(JsonArray? panels)
        {
            foreach (var panel in panels ?? [])
            {
                Walk(panel!["panels"] as JsonArray);
                foreach (var target in panel!["targets"] as JsonArray ?? [])
                {
                    if (target?["expr"]?.GetValue<string>() is not { Length: > 0 } expr) continue;
                    foreach (var (name, value) in variables) expr = expr.Replace("${" + name + "}", value).Replace("$" + name, value);
                    queries.Add((panel["title"]?.GetValue<string>() ?? "", expr));
                }
            }
        }
        Walk(dashboard["panels"] as JsonArray);
        Assert.NotEmpty(queries);
        return queries;
    }

    private string Diagnostics() => $"daemon:\n{Tail(_daemon?.Stderr)}\nprometheus:\n{Tail(_prometheus?.Stderr)}";

    private static string Tail(string? text) => text is null ? "" : text.Length > 3000 ? text[^3000..] : text;

    public async Task DisposeAsync()
    {
        _prometheus?.Dispose();
        _daemon?.Dispose();
        if (_api is not null) await _api.DisposeAsync();
        _nginx?.Dispose();
        _closed.Dispose();
        _www.Dispose();
        _dir.Dispose();
    }
}
