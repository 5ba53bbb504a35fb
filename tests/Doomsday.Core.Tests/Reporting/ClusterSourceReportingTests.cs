using System.Text;
using System.Text.Json;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Reporting;

/// <summary>How certificates read through the Kubernetes API appear in JSON and in Prometheus output.</summary>
public class ClusterSourceReportingTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CollectingSink Inventory()
    {
        var sink = new CollectingSink();
        sink.Add(TestCertificates.Expiring("web", Now, TimeSpan.FromDays(20), new ClusterSourceRef("prod", "Secret", "apps", "web-tls", "tls.crt", 0)));
        sink.Add(TestCertificates.Expiring("root", Now, TimeSpan.FromDays(2000), new ClusterSourceRef("prod", "ConfigMap", "apps", "kube-root-ca.crt", "ca.crt", 0)));
        sink.Add(TestCertificates.Expiring("webhook-ca", Now, TimeSpan.FromDays(-1), new ClusterSourceRef("prod", "ValidatingWebhookConfiguration", null, "policy", "webhooks[0].clientConfig.caBundle", 0)));
        sink.Add(new SourceError(new ClusterSourceRef("prod", "Secret", null, "", ""), ReasonCodes.ApiForbidden, "prod: list Secret: HTTP 403"));
        return sink;
    }

    [Fact]
    public void PrometheusWrite_SecretAndConfigMap_UseTheExportersKubernetesLabels()
    {
        using var stream = new MemoryStream();
        PrometheusReportWriter.Write(stream, new CertificateReport(Inventory(), Thresholds.Default, Now) { Options = new MetricsOptions { ExposePerCertError = true } });
        var text = Encoding.UTF8.GetString(stream.ToArray());
        var samples = PrometheusText.Samples(text).Where(s => s.Name == MetricNames.CertNotAfter).ToList();

        var secret = Assert.Single(samples, s => s.Labels["subject_CN"] == "web").Labels;
        Assert.Equal(("apps", "web-tls", "tls.crt", "prod", "kubernetes"), (secret["secret_namespace"], secret["secret_name"], secret["secret_key"], secret["kube_context"], secret["source_kind"]));
        Assert.False(secret.ContainsKey("filepath"));
        var map = Assert.Single(samples, s => s.Labels["subject_CN"] == "root").Labels;
        Assert.Equal(("apps", "kube-root-ca.crt", "ca.crt"), (map["configmap_namespace"], map["configmap_name"], map["configmap_key"]));
        var hook = Assert.Single(samples, s => s.Labels["subject_CN"] == "webhook-ca").Labels;
        Assert.Equal(("ValidatingWebhookConfiguration", "policy", "webhooks[0].clientConfig.caBundle"), (hook["kube_kind"], hook["kube_name"], hook["kube_field"]));
        var error = Assert.Single(PrometheusText.Samples(text), s => s.Name == MetricNames.CertError && s.Value == 1).Labels;
        Assert.Equal((ReasonCodes.ApiForbidden, "prod"), (error["reason"], error["kube_context"]));
        Assert.Equal(0, Promtool.CheckMetrics(text).ExitCode);
    }

    [Fact]
    public void JsonWrite_ClusterSource_HasClusterKindNamespaceNameKey()
    {
        using var stream = new MemoryStream();
        using (var writer = new JsonReportWriter(stream, Thresholds.Default, Now))
        {
            foreach (var c in Inventory().Certificates) writer.Add(c);
            foreach (var e in Inventory().Errors) writer.Add(e);
            writer.Complete(0);
        }
        using var doc = JsonDocument.Parse(stream.ToArray());

        var source = doc.RootElement.GetProperty("certificates")[0].GetProperty("source");
        Assert.Equal("kubernetes", source.GetProperty("kind").GetString());
        Assert.Equal("prod", source.GetProperty("cluster").GetString());
        Assert.Equal("Secret", source.GetProperty("objectKind").GetString());
        Assert.Equal("apps", source.GetProperty("namespace").GetString());
        Assert.Equal("web-tls", source.GetProperty("name").GetString());
        Assert.Equal("tls.crt", source.GetProperty("key").GetString());
        Assert.Equal(0, source.GetProperty("index").GetInt32());
        var hook = doc.RootElement.GetProperty("certificates")[2].GetProperty("source");
        Assert.Equal(JsonValueKind.Null, hook.GetProperty("namespace").ValueKind);
        var error = doc.RootElement.GetProperty("errors")[0];
        Assert.Equal("api_forbidden", error.GetProperty("reason").GetString());
        Assert.Equal("", error.GetProperty("source").GetProperty("name").GetString());
    }

    [Fact]
    public void Display_SecretCertificate_NamesContextKindAndPlace()
    {
        Assert.Equal("prod Secret apps/web-tls tls.crt #1", new ClusterSourceRef("prod", "Secret", "apps", "web-tls", "tls.crt", 1).Display);
    }
}
