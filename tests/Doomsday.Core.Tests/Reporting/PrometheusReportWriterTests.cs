using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Reporting;

public class PrometheusReportWriterTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly MetricsOptions PerCertError = new() { ExposePerCertError = true };

    private static string Write(CollectingSink sink, Thresholds? thresholds = null, MetricsOptions? options = null)
    {
        using var stream = new MemoryStream();
        PrometheusReportWriter.Write(stream, new CertificateReport(sink, thresholds ?? Thresholds.Default, Now) { Options = options ?? MetricsOptions.Default });
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static CollectingSink MixedInventory()
    {
        var sink = new CollectingSink();
        sink.Add(TestCertificates.Expiring("ok", Now, TimeSpan.FromDays(100)));
        sink.Add(TestCertificates.Expiring("warn", Now, TimeSpan.FromDays(60)));
        sink.Add(TestCertificates.Expiring("expired", Now, TimeSpan.FromDays(-2)));
        sink.Add(TestCertificates.Expiring("admin", Now, TimeSpan.FromDays(20), new KubeconfigSourceRef("/etc/kubernetes/admin.conf", "user", "kubernetes-admin", "client-certificate-data")));
        sink.Add(TestCertificates.Expiring("leaf", Now, TimeSpan.FromDays(3), new EndpointSourceRef("127.0.0.1", 6443, "kubernetes", 0)));
        sink.Add(new SourceError(new FileSourceRef("/etc/test/bad.pem"), ReasonCodes.BadPem, "truncated"));
        sink.Add(new SourceError(new EndpointSourceRef("10.0.0.9", 443, null), ReasonCodes.ConnectRefused, "refused"));
        return sink;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_MixedInventory_PassesPromtool(bool perCertError)
    {
        var text = Write(MixedInventory(), options: perCertError ? PerCertError : null);

        var (exitCode, output) = Promtool.CheckMetrics(text);

        Assert.True(exitCode == 0, "promtool check metrics failed:\n" + output + "\n" + text);
    }

    [Fact]
    public void Write_EmptyInventory_PassesPromtoolAndCountsZero()
    {
        var text = Write(new CollectingSink());

        Assert.Equal(0, Promtool.CheckMetrics(text).ExitCode);
        var samples = PrometheusText.Samples(text);
        Assert.Equal(0, Assert.Single(samples, s => s.Name == MetricNames.ReadErrors).Value);
        Assert.DoesNotContain(samples, s => s.Name == MetricNames.CertNotAfter);
    }

    [Fact]
    public void Write_EveryFamily_HasOneHelpAndOneTypeBeforeItsSamples()
    {
        var lines = Write(MixedInventory(), options: PerCertError).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        foreach (var name in MetricNames.All)
        {
            var help = Array.FindIndex(lines, l => l.StartsWith($"# HELP {name} "));
            var type = Array.FindIndex(lines, l => l == $"# TYPE {name} {(MetricNames.Counters.Contains(name) ? "counter" : "gauge")}");
            Assert.True(help >= 0, "no HELP for " + name);
            Assert.Equal(help + 1, type);
            Assert.Single(lines, l => l.StartsWith($"# HELP {name} "));
            var samples = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith(name + "{") || x.l.StartsWith(name + " ")).Select(x => x.i).ToList();
            Assert.All(samples, i => Assert.True(i > type));
            Assert.True(samples.Count == 0 || samples.Max() - samples.Min() == samples.Count - 1, name + " samples are not contiguous");
        }
    }

    [Fact]
    public void Write_FileCertificate_HasExporterLabelsAndValues()
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCountryOrRegion("FR");
        subject.AddStateOrProvinceName("Île-de-France");
        subject.AddLocalityName("Paris");
        subject.AddOrganizationName("Acme \"Quoted\" \\ Corp");
        subject.AddOrganizationalUnitName("Ops");
        subject.AddCommonName("api.example");
        var notBefore = Now.AddDays(-10);
        var notAfter = Now.AddDays(20);
        var info = TestCertificates.Create(subject.Build(), notBefore, notAfter, [0x01, 0x00]);
        var sink = new CollectingSink();
        sink.Add(new FoundCertificate(info, new FileSourceRef("/etc/kubernetes/pki/apiserver.crt")));

        var samples = PrometheusText.Samples(Write(sink));

        var notAfterSample = Assert.Single(samples, s => s.Name == MetricNames.CertNotAfter);
        var l = notAfterSample.Labels;
        Assert.Equal(notAfter.ToUnixTimeSeconds(), notAfterSample.Value);
        Assert.Equal("256", l["serial_number"]);
        Assert.Equal("FR", l["subject_C"]);
        Assert.Equal("Île-de-France", l["subject_ST"]);
        Assert.Equal("Paris", l["subject_L"]);
        Assert.Equal("Acme \"Quoted\" \\ Corp", l["subject_O"]);
        Assert.Equal("Ops", l["subject_OU"]);
        Assert.Equal("api.example", l["subject_CN"]);
        Assert.Equal("api.example", l["issuer_CN"]); // self-signed
        Assert.Equal("apiserver.crt", l["filename"]);
        Assert.Equal("/etc/kubernetes/pki/apiserver.crt", l["filepath"]);
        Assert.Equal("file", l["source_kind"]);
        Assert.False(l.ContainsKey("embedded_kind"), "empty labels are left out");
        Assert.False(l.ContainsKey("secret_name"));
        Assert.False(l.ContainsKey("discriminator"));

        Assert.Equal(notBefore.ToUnixTimeSeconds(), Assert.Single(samples, s => s.Name == MetricNames.CertNotBefore).Value);
        Assert.Equal(0, Assert.Single(samples, s => s.Name == MetricNames.CertExpired).Value);
        Assert.Equal(20 * 86400, Assert.Single(samples, s => s.Name == MetricNames.CertExpiresInSeconds).Value);
        Assert.Equal(10 * 86400, Assert.Single(samples, s => s.Name == MetricNames.CertValidSinceSeconds).Value);
        Assert.Equal((int)Severity.Critical, Assert.Single(samples, s => s.Name == MetricNames.CertSeverity).Value);
        // Every per-certificate family carries the very same label set, so PromQL arithmetic between them matches.
        foreach (var family in new[] { MetricNames.CertNotBefore, MetricNames.CertExpired, MetricNames.CertExpiresInSeconds, MetricNames.CertValidSinceSeconds, MetricNames.CertSeverity })
        {
            Assert.Equal(l, Assert.Single(samples, s => s.Name == family).Labels);
        }
    }

    [Fact]
    public void Write_LargeSerial_IsUnsignedDecimalLikeGoBigInt()
    {
        byte[] serial = [0x7F, 0xEE, 0xDD, 0xCC, 0xBB, 0xAA, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00, 0xFF, 0xEE, 0xDD, 0xCC];
        var expected = new BigInteger(serial, isUnsigned: true, isBigEndian: true).ToString();
        var sink = new CollectingSink();
        sink.Add(new FoundCertificate(TestCertificates.Create("CN=big", Now.AddDays(-1), Now.AddDays(1), (byte[])serial.Clone()), new FileSourceRef("/big.pem")));

        var samples = PrometheusText.Samples(Write(sink));

        Assert.Equal(expected, Assert.Single(samples, s => s.Name == MetricNames.CertNotAfter).Labels["serial_number"]);
    }

    [Theory]
    [InlineData("0100", "256")]
    [InlineData("00", "0")]
    [InlineData("-01", "-1")]
    [InlineData("-FF", "-255")]
    [InlineData("not hex", "")]
    public void DecimalSerial_HexFromParser_GivesSignedDecimal(string hex, string expected)
    {
        Assert.Equal(expected, PrometheusReportWriter.DecimalSerial(hex));
    }

    [Fact]
    public void Write_KubeconfigCertificate_HasEmbeddedKindAndKey()
    {
        var sink = new CollectingSink();
        sink.Add(TestCertificates.Expiring("kubernetes-admin", Now, TimeSpan.FromDays(200),
            new KubeconfigSourceRef("/etc/kubernetes/admin.conf", "user", "kubernetes-admin", "client-certificate-data")));

        var l = Assert.Single(PrometheusText.Samples(Write(sink)), s => s.Name == MetricNames.CertNotAfter).Labels;

        Assert.Equal("user", l["embedded_kind"]);
        Assert.Equal("kubernetes-admin", l["embedded_key"]);
        Assert.Equal("/etc/kubernetes/admin.conf", l["filepath"]);
        Assert.Equal("admin.conf", l["filename"]);
        Assert.Equal("kubeconfig", l["source_kind"]);
    }

    [Fact]
    public void Write_EndpointChain_HasEndpointSniChainIndexAndATlsFilepathForTheDashboardTables()
    {
        var sink = new CollectingSink();
        sink.Add(TestCertificates.Expiring("leaf", Now, TimeSpan.FromDays(200), new EndpointSourceRef("::1", 6443, "kubernetes.default", 0)));
        sink.Add(TestCertificates.Expiring("ca", Now, TimeSpan.FromDays(2000), new EndpointSourceRef("::1", 6443, "kubernetes.default", 1)));

        var samples = PrometheusText.Samples(Write(sink)).Where(s => s.Name == MetricNames.CertNotAfter).ToList();

        Assert.Equal(2, samples.Count);
        var leaf = Assert.Single(samples, s => s.Labels["subject_CN"] == "leaf").Labels;
        Assert.Equal("[::1]:6443", leaf["endpoint"]);
        Assert.Equal("kubernetes.default", leaf["sni"]);
        Assert.Equal("0", leaf["chain_index"]);
        Assert.Equal("endpoint", leaf["source_kind"]);
        // The exporter's dashboards list certificates in tables filtered on filepath!="" (or secret_name!="").
        Assert.Equal("tls://[::1]:6443?sni=kubernetes.default", leaf["filepath"]);
        Assert.Equal("[::1]:6443", leaf["filename"]);
        Assert.Equal("1", Assert.Single(samples, s => s.Labels["subject_CN"] == "ca").Labels["chain_index"]);
    }

    [Fact]
    public void Write_ExpiredCertificate_ExpiredIsOneAndResidualNegative()
    {
        var sink = new CollectingSink();
        sink.Add(TestCertificates.Expiring("old", Now, TimeSpan.FromHours(-5)));

        var samples = PrometheusText.Samples(Write(sink));

        Assert.Equal(1, Assert.Single(samples, s => s.Name == MetricNames.CertExpired).Value);
        Assert.Equal(-5 * 3600, Assert.Single(samples, s => s.Name == MetricNames.CertExpiresInSeconds).Value);
        Assert.Equal((int)Severity.Expired, Assert.Single(samples, s => s.Name == MetricNames.CertSeverity).Value);
        Assert.Equal(1, Assert.Single(samples, s => s.Name == MetricNames.Certificates && s.Labels["severity"] == "expired").Value);
    }

    [Fact]
    public void Write_SameCertificateTwiceInOneBundle_SeriesStayUnique()
    {
        var info = TestCertificates.Create("CN=dup", Now.AddDays(-1), Now.AddDays(100));
        var sink = new CollectingSink();
        sink.Add(new FoundCertificate(info, new FileSourceRef("/bundle.pem", 0)));
        sink.Add(new FoundCertificate(info, new FileSourceRef("/bundle.pem", 1)));

        var samples = PrometheusText.Samples(Write(sink)).Where(s => s.Name == MetricNames.CertNotAfter).ToList();

        Assert.Equal(2, samples.Count);
        Assert.Single(samples, s => s.Labels.ContainsKey("discriminator"));
        Assert.Matches("^[0-9a-f]{8}$", samples.Single(s => s.Labels.ContainsKey("discriminator")).Labels["discriminator"]);
    }

    [Fact]
    public void Write_MixedInventory_EverySeriesIsUnique()
    {
        var sink = MixedInventory();
        var info = TestCertificates.Create("CN=dup", Now.AddDays(-1), Now.AddDays(100));
        sink.Add(new FoundCertificate(info, new FileSourceRef("/b.pem", 0)));
        sink.Add(new FoundCertificate(info, new FileSourceRef("/b.pem", 1)));

        var samples = PrometheusText.Samples(Write(sink));

        var keys = samples.Select(s => s.Name + string.Join(',', s.Labels.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + "=" + k.Value))).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Write_Errors_AreCountedPerReasonAndPerPlace()
    {
        var samples = PrometheusText.Samples(Write(MixedInventory(), options: PerCertError));

        Assert.Equal(2, Assert.Single(samples, s => s.Name == MetricNames.ReadErrors).Value);
        var byReason = samples.Where(s => s.Name == MetricNames.ScanErrors).ToDictionary(s => s.Labels["reason"], s => s.Value);
        Assert.Equal(ReasonCodes.All.Order(StringComparer.Ordinal), byReason.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, byReason[ReasonCodes.BadPem]);
        Assert.Equal(1, byReason[ReasonCodes.ConnectRefused]);
        Assert.Equal(0, byReason[ReasonCodes.Timeout]);
        var errors = samples.Where(s => s.Name == MetricNames.CertError && s.Value == 1).ToList();
        Assert.Equal(2, errors.Count);
        // x509-certificate-exporter v4: every certificate read has its x509_cert_error 0, with its own labels.
        var fine = samples.Where(s => s.Name == MetricNames.CertError && s.Value == 0).Select(s => s.Labels).ToList();
        Assert.Equal(samples.Where(s => s.Name == MetricNames.CertNotAfter).Select(s => s.Labels), fine);
        var bad = Assert.Single(errors, e => e.Labels["reason"] == ReasonCodes.BadPem);
        Assert.Equal("/etc/test/bad.pem", bad.Labels["filepath"]);
        Assert.Equal(1, bad.Value);
        Assert.Equal("10.0.0.9:443", Assert.Single(errors, e => e.Labels["reason"] == ReasonCodes.ConnectRefused).Labels["endpoint"]);
    }

    [Fact]
    public void Write_PerCertErrorOff_NoCertErrorSeriesAndFailuresStillCounted()
    {
        var text = Write(MixedInventory());
        var samples = PrometheusText.Samples(text);

        // As x509-certificate-exporter with its default exposePerCertError: false.
        Assert.DoesNotContain(MetricNames.CertError + " ", text);
        Assert.DoesNotContain(samples, s => s.Name == MetricNames.CertError);
        Assert.Equal(2, Assert.Single(samples, s => s.Name == MetricNames.ReadErrors).Value);
        Assert.Equal(5, samples.Count(s => s.Name == MetricNames.CertNotAfter));
    }

    [Fact]
    public void Write_CertErrorFamily_CertificatesAndErrorPlacesInOneLabelOrder()
    {
        var lines = Write(MixedInventory(), options: PerCertError).Split('\n').Where(l => l.StartsWith(MetricNames.CertError + "{", StringComparison.Ordinal)).ToList();

        var labelTexts = lines.Select(l => l[..l.LastIndexOf(' ')]).ToList();
        Assert.Equal(labelTexts.Order(StringComparer.Ordinal), labelTexts);
        // the error places are not all after the certificates: the two lists were merged, not appended
        var values = lines.Select(l => l[(l.LastIndexOf(' ') + 1)..]).ToList();
        Assert.True(values.IndexOf("1") < values.LastIndexOf("0"), string.Join("\n", lines));
    }

    [Fact]
    public void Write_ThresholdsAndTimestamp_AreExposed()
    {
        var thresholds = new Thresholds(TimeSpan.FromDays(60), TimeSpan.FromDays(14), TimeSpan.FromHours(36));

        var samples = PrometheusText.Samples(Write(new CollectingSink(), thresholds));

        var t = samples.Where(s => s.Name == MetricNames.ThresholdSeconds).ToDictionary(s => s.Labels["severity"], s => s.Value);
        Assert.Equal(60 * 86400, t["warning"]);
        Assert.Equal(14 * 86400, t["critical"]);
        Assert.Equal(36 * 3600, t["emergency"]);
        Assert.Equal(Now.ToUnixTimeSeconds(), Assert.Single(samples, s => s.Name == MetricNames.ScanTimestampSeconds).Value);
    }

    [Fact]
    public void Write_LabelValueWithNewlineAndQuote_IsEscapedAndPassesPromtool()
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("line1\nline2 \"q\" back\\slash");
        var sink = new CollectingSink();
        sink.Add(new FoundCertificate(TestCertificates.Create(subject.Build(), Now.AddDays(-1), Now.AddDays(1)), new FileSourceRef("/odd \"name\".pem")));

        var text = Write(sink);

        Assert.Equal(0, Promtool.CheckMetrics(text).ExitCode);
        Assert.Contains(@"subject_CN=""line1\nline2 \""q\"" back\\slash""", text);
        var l = Assert.Single(PrometheusText.Samples(text), s => s.Name == MetricNames.CertNotAfter).Labels;
        Assert.Equal("line1\nline2 \"q\" back\\slash", l["subject_CN"]);
        Assert.Equal("/odd \"name\".pem", l["filepath"]);
    }

    [Fact]
    public void Write_SameInventoryInAnotherOrder_GivesSameBytes()
    {
        var a = MixedInventory();
        var b = new CollectingSink();
        foreach (var c in Enumerable.Reverse(a.Certificates)) b.Add(c);
        foreach (var e in Enumerable.Reverse(a.Errors)) b.Add(e);

        Assert.Equal(Write(a), Write(b));
    }

    private static List<PrometheusSample> Samples(CertificateReport report)
    {
        using var stream = new MemoryStream();
        PrometheusReportWriter.Write(stream, report);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        var (exit, output) = Promtool.CheckMetrics(text);
        Assert.True(exit == 0, output + "\n" + text);
        return PrometheusText.Samples(text);
    }

    [Fact]
    public void Write_TrimPathComponentsAndExposedFields_ShapeLabelsAsTheExportersOptions()
    {
        var sink = new CollectingSink();
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("Acme");
        subject.AddCommonName("api");
        sink.Add(new FoundCertificate(TestCertificates.Create(subject.Build(), Now.AddDays(-1), Now.AddDays(9)), new FileSourceRef("/mnt/host/etc/ssl/api.pem")));
        sink.Add(TestCertificates.Expiring("short", Now, TimeSpan.FromDays(9), new FileSourceRef("/a/b.pem")));
        var options = new MetricsOptions { TrimPathComponents = 2, ExposeSubjectFields = ["cn"], ExposeIssuerFields = ["O"] };

        var samples = Samples(new CertificateReport(sink, Thresholds.Default, Now) { Options = options }).Where(s => s.Name == MetricNames.CertNotAfter).ToList();

        var api = Assert.Single(samples, s => s.Labels.GetValueOrDefault("subject_CN") == "api").Labels;
        Assert.Equal("/etc/ssl/api.pem", api["filepath"]);
        Assert.Equal("api.pem", api["filename"]); // the exporter takes the name from the untrimmed path
        Assert.Equal("Acme", api["issuer_O"]);
        Assert.False(api.ContainsKey("subject_O"));
        Assert.False(api.ContainsKey("issuer_CN"));
        var trimmedAway = Assert.Single(samples, s => s.Labels.GetValueOrDefault("subject_CN") == "short").Labels;
        Assert.False(trimmedAway.ContainsKey("filepath")); // every component trimmed: no label, as the exporter's ""
    }

    [Fact]
    public void Write_SameCertificateTwiceInABundle_CountsACollisionAndNoDrop()
    {
        var same = TestCertificates.Create("CN=same", Now.AddDays(-1), Now.AddDays(9), [0x05]);
        var twins = new CollectingSink();
        twins.Add(new FoundCertificate(same, new FileSourceRef("/twins.pem", 0)));
        twins.Add(new FoundCertificate(same, new FileSourceRef("/twins.pem", 1)));
        var counters = new X509SourceCounters();
        counters.Apply(SourceTally.FromInventory(twins));

        var first = Samples(new CertificateReport(twins, Thresholds.Default, Now) { Counters = counters });
        var second = Samples(new CertificateReport(twins, Thresholds.Default, Now) { Counters = counters });

        Assert.Equal(2, first.Count(s => s.Name == MetricNames.CertNotAfter));
        Assert.Equal(1, Assert.Single(first, s => s.Name == MetricNames.CertCollisionTotal && s.Labels["source_kind"] == "file").Value);
        // The exporter's counter grows at each collection while the collision lasts; nothing is ever dropped.
        Assert.Equal(2, Assert.Single(second, s => s.Name == MetricNames.CertCollisionTotal && s.Labels["source_kind"] == "file").Value);
        Assert.Equal(0, Assert.Single(second, s => s.Name == MetricNames.CertCollisionDroppedTotal && s.Labels["source_kind"] == "file").Value);
    }

    [Fact]
    public void Write_GlobalLabels_OnEverySeriesButNeverOverASeriesOwnLabel()
    {
        var labels = ExtraLabels.From(new Dictionary<string, string> { ["cluster"] = "prod", ["region"] = "eu", ["filepath"] = "clash" });

        var samples = Samples(new CertificateReport(MixedInventory(), Thresholds.Default, Now) { Labels = labels });

        Assert.All(samples, s => Assert.Equal(("prod", "eu"), (s.Labels["cluster"], s.Labels["region"])));
        Assert.DoesNotContain(samples, s => s.Labels.GetValueOrDefault("filepath") == "clash");
    }

    [Fact]
    public void Write_Any_BuildInfoWithTheExportersLabels()
    {
        var info = Assert.Single(Samples(new CertificateReport(new CollectingSink(), Thresholds.Default, Now)), s => s.Name == MetricNames.ExporterBuildInfo);

        Assert.Equal(1, info.Value);
        Assert.Equal(["built", "git_commit", "go_arch", "go_os", "go_runtime", "version"], info.Labels.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith(".NET", info.Labels["go_runtime"]);
        Assert.Matches("^[0-9]+\\.[0-9]+\\.[0-9]+", info.Labels["version"]);
    }
}
