using System.Text;
using System.Text.Json;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Core.Sources.Cluster;
using static Doomsday.Core.Tests.Doctor.Checks.ClusterTestData;

namespace Doomsday.Core.Tests.Doctor.Checks;

/// <summary>The API checks together, through the registry and the report writers.</summary>
public sealed class ClusterChecksTests
{
    /// <summary>A cluster with every kind of object the checks read, all healthy.</summary>
    private static DoctorInputs Healthy()
    {
        var ca = Ca("kubernetes");
        var webhookCa = Ca("webhook-ca");
        var serving = SecretCert(Server(webhookCa, "webhook.policy.svc"), "policy", "webhook-tls");
        var snapshot = Snapshot() with
        {
            ClusterCa = [Info(ca)],
            ServedChain = [Info(Server(ca, "kubernetes.default.svc"))],
            RootCaConfigMaps = [RootCaMap("default", ca), RootCaMap("kube-system", ca)],
            CaBundles = [new CaBundle("MutatingWebhookConfiguration", "policy", "mutate.policy.example.com", "webhooks[0].clientConfig.caBundle", [Info(webhookCa)], "policy", "webhook", null)],
            SigningRequests = [Csr("csr-1", "kubernetes.io/kubelet-serving", "system:node:w-1", Now.AddDays(-1), "Approved")],
            Nodes = [Node("cp-1", "True", true), Node("w-1", "True")],
            SystemPods =
            [
                Pod("kube-apiserver-cp-1", Labels("component", "kube-apiserver")), Pod("etcd-cp-1", Labels("component", "etcd")),
                Pod("coredns-1", Labels("k8s-app", "kube-dns")), Pod("cilium-abc", Labels("k8s-app", "cilium")),
            ],
            SystemDeployments = [Deployment("coredns", 2, 2, Labels("k8s-app", "kube-dns"))],
            SystemDaemonSets = [DaemonSet("cilium", 2, 2, Labels("k8s-app", "cilium"))],
            CertManagerCertificates = [new CertManagerCertificate("policy", "webhook", "webhook-tls", Now.AddDays(200), Now.AddDays(140), true, "Ready", null)],
        };
        return Inputs(snapshot, [serving]);
    }

    [Fact]
    public void Run_HealthyCluster_NoFindingsNothingSkipped()
    {
        var report = DoctorChecks.Run(Healthy());
        Assert.Empty(report.Findings);
        Assert.Empty(report.Skipped);
    }

    [Fact]
    public void FindingIds_ApiIds_ArePartOfTheContract()
    {
        string[] api = ["root-ca-configmap-stale", "cabundle-expired", "cabundle-mismatch", "csr-pending", "node-not-ready", "pod-unhealthy",
            "workload-unavailable", "api-access-denied", "api-unreachable", "cert-manager-not-ready"];
        Assert.All(api, id => Assert.Contains(id, FindingIds.All));
        var docs = File.ReadAllText(Path.Combine(Doomsday.Testing.Files.RepoPaths.Root, "docs", "findings.md"));
        Assert.All(api, id => Assert.Contains($"`{id}`", docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Writers_ApiFindings_RenderedWithSubjectEvidenceAndRunbook()
    {
        var inputs = Healthy();
        var snapshot = inputs.Clusters[0] with { SystemPods = [Pod("coredns-9", Labels("k8s-app", "kube-dns"), containers: CrashLooping("coredns", 5))] };
        inputs = inputs with { Clusters = [snapshot] };
        var report = DoctorChecks.Run(inputs);
        Assert.Single(report.Findings);

        using var json = new MemoryStream();
        DoctorJsonWriter.Write(json, report, inputs, ExitCodes.Critical);
        using var doc = JsonDocument.Parse(json.ToArray());
        var finding = doc.RootElement.GetProperty("findings")[0];
        Assert.Equal("pod-unhealthy", finding.GetProperty("id").GetString());
        Assert.Equal("critical", finding.GetProperty("severity").GetString());
        Assert.Equal("prod Pod kube-system/coredns-9", finding.GetProperty("subject").GetString());
        Assert.Contains(finding.GetProperty("runbook").GetProperty("steps").EnumerateArray(),
            s => s.GetProperty("command").GetString() == "kubectl --context prod -n kube-system describe pod coredns-9");

        var markdown = DoctorMarkdownWriter.Render(report, inputs);
        Assert.Contains("`pod-unhealthy` — prod Pod kube-system/coredns-9", markdown, StringComparison.Ordinal);
        Assert.Contains("kubectl --context prod -n kube-system describe pod coredns-9", markdown, StringComparison.Ordinal);
    }
}
