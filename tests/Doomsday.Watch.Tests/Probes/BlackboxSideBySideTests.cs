using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Http;
using Doomsday.Watch.Probes.Tcp;
using Doomsday.Watch.Probes.Tls;
using Doomsday.Watch.Tests.Support;

namespace Doomsday.Watch.Tests.Probes;

/// <summary>
/// blackbox_exporter 0.23 (Debian's, real) and Doomsday's probes on the same nginx targets, with the
/// module file kept in tests/testdata/compat/blackbox (its CA path pointed at this test's CA): for every
/// family both expose, the same name and label names; the same values where they are facts (status,
/// TLS version, expiry to the second, leaf information, redirects, lengths, address), not timings.
/// </summary>
public sealed class BlackboxSideBySideTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>Families whose value is a measured time: compared by name and labels only.</summary>
    private static readonly HashSet<string> Timings =
    [
        ProbeMetricNames.DurationSeconds, ProbeMetricNames.DnsLookupTimeSeconds, ProbeMetricNames.HttpDurationSeconds,
    ];

    /// <summary>Labels that say which probe a Doomsday series is (blackbox's come from Prometheus' target labels instead).</summary>
    private static readonly HashSet<string> Identity = [ProbeMetricNames.Labels.Probe, ProbeMetricNames.Labels.Kind, ProbeMetricNames.Labels.Instance];

    private readonly TempDir _dir = new();
    private readonly NginxServer _nginx;
    private readonly BlackboxExporter _blackbox;
    private readonly string _caFile;
    private readonly ProbeContext _context = new(TimeProvider.System);

    /// <summary>Where nobody listens, held closed until the class is disposed: both probers must be refused, not reach another test's server.</summary>
    private readonly TcpPorts.ClosedPort _closed = TcpPorts.Closed();

    public BlackboxSideBySideTests()
    {
        // A CA with a DN of several fields, so the issuer label shows Go's field order.
        var ca = TestPki.CreateCa("Doomsday Test CA, O=Doomsday, C=FR", Now.AddDays(-90), Now.AddYears(2));
        _caFile = _dir.File("ca.crt", ca.ExportCertificatePem());
        var soon = TestPki.CreateServer("expiring-3d.example.test", ["expiring-3d.example.test"], Now.AddDays(-30), Now.AddDays(3), ca);
        var expired = TestPki.CreateServer("expired.example.test", ["expired.example.test"], Now.AddDays(-60), Now.AddDays(-2), ca);
        const string locations = """
            location = /hop { return 302 /ok; }
            location / { return 200 "ok\n"; }
            """;
        _nginx = NginxServer.Start(
        [
            new NginxSite("plain", null, [], Directives: locations),
            new NginxSite("soon", null, [soon], Directives: locations),
            new NginxSite("expired", null, [expired], Directives: locations),
        ]);
        var modules = File.ReadAllText(Path.Combine(CorpusLocator.Compat, "blackbox", "blackbox-exporter-modules.yml"))
            .Replace("/tmp/ecosystem/pki/ca/ca.crt", _caFile, StringComparison.Ordinal);
        _blackbox = BlackboxExporter.Start(_dir.File("blackbox.yml", modules));
    }

    private string Url(string site, string path = "/") => $"{(site == "plain" ? "http" : "https")}://127.0.0.1:{_nginx.Port(site)}{path}";

    private string Address(string site) => $"127.0.0.1:{_nginx.Port(site)}";

    private TlsClientOptions Tls(string serverName) => new() { Ca = _caFile, ServerName = serverName };

    /// <summary>(blackbox module, target) and the Doomsday probe that asks the same question.</summary>
    private IEnumerable<(string Module, string Target, ProbeOptions Probe)> Pairs()
    {
        var closed = $"http://127.0.0.1:{_closed.Port}/";
        yield return ("http_2xx", Url("plain", "/hop"), new HttpProbeOptions { Name = "http-redirect", Url = Url("plain", "/hop"), ExpectStatus = [200] });
        yield return ("http_2xx", closed, new HttpProbeOptions { Name = "http-closed", Url = closed, ExpectStatus = [200] });
        yield return ("http_2xx_tls", Url("soon"), new HttpProbeOptions { Name = "https-soon", Url = Url("soon"), ExpectStatus = [200], Tls = Tls("expiring-3d.example.test") });
        yield return ("http_2xx_tls_expired", Url("expired"), new HttpProbeOptions { Name = "https-expired", Url = Url("expired"), ExpectStatus = [200], Tls = Tls("expired.example.test") });
        yield return ("tcp_connect", Address("plain"), new TcpProbeOptions { Name = "tcp", Address = Address("plain") });
        yield return ("tls_connect", Address("soon"), new TlsProbeOptions { Name = "tls-soon", Address = Address("soon"), Tls = Tls("expiring-3d.example.test") });
        yield return ("tls_connect_expired", Address("expired"), new TlsProbeOptions { Name = "tls-expired", Address = Address("expired"), Tls = Tls("expired.example.test") });
    }

    [Fact]
    public async Task Probes_SameTargetsAsBlackbox_SameFamiliesLabelNamesAndFacts()
    {
        var compared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (module, target, probe) in Pairs())
        {
            var blackbox = PrometheusText.Samples(await _blackbox.ProbeAsync(module, target));
            var result = await ProbeKinds.Create(probe, _context).RunAsync(CancellationToken.None);
            var (status, _) = ProbeStatus.Initial(probe).After(result, Now);
            var text = ProbeMetricsWriter.Render([status]);
            Assert.Equal(0, Promtool.CheckMetrics(text).ExitCode);
            var doomsday = PrometheusText.Samples(text)
                .Select(s => s with { Labels = s.Labels.Where(l => !Identity.Contains(l.Key)).ToDictionary(l => l.Key, l => l.Value) })
                .Where(s => s.Name.StartsWith("probe_", StringComparison.Ordinal))
                .ToList();
            var what = $"{module} {target} (doomsday: {result.ReasonCode ?? "ok"} {result.Detail})";

            // Every family blackbox writes for this target, Doomsday writes too (Doomsday may write more:
            // the expiry of a refused chain).
            var missing = blackbox.Select(s => s.Name).Distinct().Except(doomsday.Select(s => s.Name)).ToList();
            Assert.True(missing.Count == 0, $"{what}: missing {string.Join(", ", missing)}");
            foreach (var family in blackbox.Select(s => s.Name).Distinct())
            {
                var theirs = blackbox.Where(s => s.Name == family).ToList();
                var ours = doomsday.Where(s => s.Name == family).ToList();
                var theirLabels = theirs.Select(s => string.Join(",", s.Labels.Keys.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal);
                var ourLabels = ours.Select(s => string.Join(",", s.Labels.Keys.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal);
                Assert.True(theirLabels.SequenceEqual(ourLabels), $"{what}: {family} label names differ: blackbox [{string.Join(" | ", theirLabels)}], doomsday [{string.Join(" | ", ourLabels)}]");
                if (Timings.Contains(family)) continue;
                Assert.True(Facts(theirs).SequenceEqual(Facts(ours)), $"{what}: {family} differs: blackbox {string.Join(" | ", Facts(theirs))}, doomsday {string.Join(" | ", Facts(ours))}");
                compared.Add(family);
            }
        }

        // The facts the issue names were all compared on at least one target.
        foreach (var family in new[]
                 {
                     ProbeMetricNames.Success, ProbeMetricNames.HttpStatusCode, ProbeMetricNames.TlsVersionInfo, ProbeMetricNames.SslEarliestCertExpiry,
                     ProbeMetricNames.SslLastChainExpiryTimestampSeconds, ProbeMetricNames.SslLastChainInfo, ProbeMetricNames.HttpRedirects,
                     ProbeMetricNames.HttpVersion, ProbeMetricNames.HttpContentLength, ProbeMetricNames.HttpSsl, ProbeMetricNames.IpProtocol,
                     ProbeMetricNames.IpAddrHash, ProbeMetricNames.FailedDueToRegex, ProbeMetricNames.HttpUncompressedBodyLength,
                 })
        {
            Assert.Contains(family, compared);
        }
    }

    /// <summary>Each sample as its labels and value, sorted: what two expositions must agree on.</summary>
    private static IEnumerable<string> Facts(IEnumerable<PrometheusSample> samples) =>
        samples.Select(s => string.Join(",", s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + " " + s.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal);

    public void Dispose()
    {
        _blackbox.Dispose();
        _closed.Dispose();
        _context.Http.Dispose();
        _nginx.Dispose();
        _dir.Dispose();
    }
}
