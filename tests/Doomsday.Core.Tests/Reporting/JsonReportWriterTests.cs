using System.Text.Json;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Reporting;

public class JsonReportWriterTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static JsonElement Report(Action<JsonReportWriter> fill, int exitCode = 2, Thresholds? thresholds = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new JsonReportWriter(stream, thresholds ?? Thresholds.Default, Now))
        {
            fill(writer);
            writer.Complete(exitCode);
        }
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    [Fact]
    public void Complete_EmptyScan_WritesHeaderEmptyArraysAndZeroSummary()
    {
        var root = Report(_ => { }, exitCode: 3);

        Assert.Equal(JsonReportWriter.SchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(Now, root.GetProperty("generatedAt").GetDateTimeOffset());
        Assert.Equal("90d", root.GetProperty("thresholds").GetProperty("warning").GetString());
        Assert.Equal("30d", root.GetProperty("thresholds").GetProperty("critical").GetString());
        Assert.Equal("7d", root.GetProperty("thresholds").GetProperty("emergency").GetString());
        Assert.Equal(0, root.GetProperty("certificates").GetArrayLength());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        var summary = root.GetProperty("summary");
        Assert.Equal(0, summary.GetProperty("certificates").GetInt32());
        Assert.Equal("ok", summary.GetProperty("worst").GetString());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("nextExpiry").ValueKind);
        Assert.Equal(3, summary.GetProperty("exitCode").GetInt32());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Complete_IndentedOrCompact_EndsWithANewline(bool indented)
    {
        using var stream = new MemoryStream();
        using (var writer = new JsonReportWriter(stream, Thresholds.Default, Now, indented))
        {
            writer.Complete(3);
        }
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.EndsWith("}\n", text);
        Assert.Equal(indented, text.TrimEnd('\n').Contains('\n'));
    }

    [Fact]
    public void Complete_SameCertificateInTwoPlaces_TwoObjectsOneDistinct()
    {
        var ca = TestCertificates.Create("CN=kubernetes", Now.AddDays(-10), Now.AddDays(3000), [0x01]);
        var other = TestCertificates.Create("CN=other", Now.AddDays(-10), Now.AddDays(300), [0x02]);

        var root = Report(w =>
        {
            w.Add(new FoundCertificate(ca, new FileSourceRef("/etc/kubernetes/pki/ca.crt")));
            w.Add(new FoundCertificate(ca, new KubeconfigSourceRef("/etc/kubernetes/admin.conf", "cluster", "kubernetes", "certificate-authority-data")));
            w.Add(new FoundCertificate(other, new FileSourceRef("/srv/other.crt")));
        });

        Assert.Equal(3, root.GetProperty("certificates").GetArrayLength());
        Assert.Equal(3, root.GetProperty("summary").GetProperty("certificates").GetInt32());
        Assert.Equal(2, root.GetProperty("summary").GetProperty("distinct").GetInt32());
    }

    [Fact]
    public void Add_FileCertificate_WritesItsFields()
    {
        var info = TestCertificates.Create("CN=apiserver,O=Doomsday", Now.AddDays(-10), Now.AddDays(20), [0x01, 0x00]);
        var found = new FoundCertificate(info, new FileSourceRef("/etc/kubernetes/pki/apiserver.crt", 1, "pem"))
        {
            Name = "apiserver",
            Authority = "ca",
            KeyMatches = true,
            UsedBy = ["kube-apiserver --tls-cert-file"],
        };

        var root = Report(w => w.Add(found));

        var c = Assert.Single(root.GetProperty("certificates").EnumerateArray());
        Assert.Equal("apiserver", c.GetProperty("name").GetString());
        Assert.Equal("critical", c.GetProperty("severity").GetString());
        Assert.Equal(20 * 86400, c.GetProperty("residualSeconds").GetInt64());
        Assert.Equal("20d", c.GetProperty("residual").GetString());
        Assert.Equal("ca", c.GetProperty("authority").GetString());
        var source = c.GetProperty("source");
        Assert.Equal("file", source.GetProperty("kind").GetString());
        Assert.Equal("/etc/kubernetes/pki/apiserver.crt", source.GetProperty("path").GetString());
        Assert.Equal(1, source.GetProperty("index").GetInt32());
        Assert.Equal("pem", source.GetProperty("format").GetString());
        Assert.Equal("CN=apiserver,O=Doomsday", c.GetProperty("subject").GetString());
        Assert.Equal("apiserver", c.GetProperty("subjectCN").GetString());
        Assert.Equal("0100", c.GetProperty("serialNumber").GetString());
        Assert.Equal(info.FingerprintSha256, c.GetProperty("fingerprintSha256").GetString());
        Assert.Equal(Now.AddDays(20), c.GetProperty("notAfter").GetDateTimeOffset());
        Assert.Equal(Now.AddDays(-10), c.GetProperty("notBefore").GetDateTimeOffset());
        Assert.EndsWith("Z", c.GetProperty("notAfter").GetString());
        Assert.Equal("EC", c.GetProperty("publicKey").GetProperty("algorithm").GetString());
        Assert.Equal(256, c.GetProperty("publicKey").GetProperty("size").GetInt32());
        Assert.Equal("ecdsa-with-SHA256", c.GetProperty("signatureAlgorithm").GetString());
        Assert.False(c.GetProperty("isCA").GetBoolean());
        Assert.Equal(JsonValueKind.Null, c.GetProperty("pathLength").ValueKind);
        Assert.True(c.GetProperty("selfIssued").GetBoolean());
        Assert.True(c.GetProperty("keyMatches").GetBoolean());
        Assert.Equal("kube-apiserver --tls-cert-file", Assert.Single(c.GetProperty("usedBy").EnumerateArray()).GetString());
        Assert.Equal(JsonValueKind.Null, c.GetProperty("tlsVersion").ValueKind);
        Assert.Equal(JsonValueKind.Array, c.GetProperty("sans").GetProperty("dns").ValueKind);
    }

    [Fact]
    public void Add_KubeconfigAndEndpointSources_WriteTheirSourceFields()
    {
        var kube = TestCertificates.Expiring("admin", Now, TimeSpan.FromDays(200),
            new KubeconfigSourceRef("/etc/kubernetes/admin.conf", "user", "kubernetes-admin", "client-certificate", null, "/etc/kubernetes/pki/admin.crt"));
        var endpoint = TestCertificates.Expiring("leaf", Now, TimeSpan.FromDays(200), new EndpointSourceRef("127.0.0.1", 6443, "kubernetes", 0)) with { TlsVersion = "TLSv1.3" };

        var certs = Report(w => { w.Add(kube); w.Add(endpoint); }).GetProperty("certificates").EnumerateArray().ToList();

        var k = certs[0].GetProperty("source");
        Assert.Equal("kubeconfig", k.GetProperty("kind").GetString());
        Assert.Equal("user", k.GetProperty("embeddedKind").GetString());
        Assert.Equal("kubernetes-admin", k.GetProperty("embeddedName").GetString());
        Assert.Equal("client-certificate", k.GetProperty("field").GetString());
        Assert.Equal("/etc/kubernetes/pki/admin.crt", k.GetProperty("referencedPath").GetString());
        Assert.Equal(JsonValueKind.Null, k.GetProperty("index").ValueKind);
        var e = certs[1].GetProperty("source");
        Assert.Equal("endpoint", e.GetProperty("kind").GetString());
        Assert.Equal("127.0.0.1", e.GetProperty("host").GetString());
        Assert.Equal(6443, e.GetProperty("port").GetInt32());
        Assert.Equal("kubernetes", e.GetProperty("sni").GetString());
        Assert.Equal(0, e.GetProperty("index").GetInt32());
        Assert.Equal("TLSv1.3", certs[1].GetProperty("tlsVersion").GetString());
    }

    [Fact]
    public void Complete_CertificatesAndErrors_WritesErrorsArrayAndSummary()
    {
        var root = Report(w =>
        {
            w.Add(TestCertificates.Expiring("ok", Now, TimeSpan.FromDays(100)));
            w.Add(TestCertificates.Expiring("warn", Now, TimeSpan.FromDays(60)));
            w.Add(TestCertificates.Expiring("soon", Now, TimeSpan.FromDays(3)));
            w.Add(TestCertificates.Expiring("old", Now, TimeSpan.FromDays(-1)));
            w.Add(new SourceError(new FileSourceRef("/a.pem"), ReasonCodes.BadPem, "truncated PEM"));
            w.Add(new SourceError(new FileSourceRef("/b.pem"), ReasonCodes.BadPem, "truncated PEM"));
            w.Add(new SourceError(new EndpointSourceRef("10.0.0.1", 443, null), ReasonCodes.Timeout, "no answer in 5s"));
        }, exitCode: 2);

        Assert.Equal(4, root.GetProperty("certificates").GetArrayLength());
        var errors = root.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(3, errors.Count);
        Assert.Equal("bad_pem", errors[0].GetProperty("reason").GetString());
        Assert.Equal("truncated PEM", errors[0].GetProperty("message").GetString());
        Assert.Equal("/a.pem", errors[0].GetProperty("source").GetProperty("path").GetString());
        Assert.Equal("timeout", errors[2].GetProperty("reason").GetString());
        Assert.Equal("10.0.0.1", errors[2].GetProperty("source").GetProperty("host").GetString());

        var summary = root.GetProperty("summary");
        Assert.Equal(4, summary.GetProperty("certificates").GetInt32());
        Assert.Equal(3, summary.GetProperty("errors").GetInt32());
        var bySeverity = summary.GetProperty("bySeverity");
        Assert.Equal(1, bySeverity.GetProperty("ok").GetInt32());
        Assert.Equal(1, bySeverity.GetProperty("warning").GetInt32());
        Assert.Equal(0, bySeverity.GetProperty("critical").GetInt32());
        Assert.Equal(1, bySeverity.GetProperty("emergency").GetInt32());
        Assert.Equal(0, bySeverity.GetProperty("not_yet_valid").GetInt32());
        Assert.Equal(1, bySeverity.GetProperty("expired").GetInt32());
        var byReason = summary.GetProperty("errorsByReason");
        Assert.Equal(["bad_pem", "timeout"], byReason.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(2, byReason.GetProperty("bad_pem").GetInt32());
        Assert.Equal("expired", summary.GetProperty("worst").GetString());
        Assert.Equal(Now.AddDays(3), summary.GetProperty("nextExpiry").GetDateTimeOffset()); // expired ones are not "next"
        Assert.Equal(2, summary.GetProperty("exitCode").GetInt32());
        Assert.Equal(4, root.EnumerateObject().Count(p => p.Name is "certificates" or "errors" or "summary" or "thresholds"));
    }

    [Fact]
    public void Summary_AfterAdds_MatchesWhatWasAdded()
    {
        using var stream = new MemoryStream();
        using var writer = new JsonReportWriter(stream, Thresholds.Default, Now);
        writer.Add(TestCertificates.Expiring("a", Now, TimeSpan.FromDays(60)));
        writer.Add(new SourceError(new FileSourceRef("/x"), ReasonCodes.NotFound, "gone"));

        Assert.Equal(1, writer.Summary.Certificates);
        Assert.Equal(Severity.Warning, writer.Summary.Worst);
        Assert.Equal(1, writer.Summary.ErrorsByReason[ReasonCodes.NotFound]);
    }
}
