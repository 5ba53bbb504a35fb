using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using static Doomsday.Core.Tests.Doctor.Checks.ClusterTestData;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>Cluster snapshots (<c>doctor --cluster</c>) that make each API check fire, as the cluster reader fills them.</summary>
internal static partial class DoctorScenarios
{
    public static IEnumerable<Scenario> Cluster()
    {
        yield return S("API server unreachable", () => Cluster(Snapshot() with
        {
            Unreachable = true,
            Errors = [new ClusterReadError("Node", null, ReasonCodes.ConnectRefused, null, "connection refused (10.0.0.10:6443)")],
        }));
        yield return S("API reads forbidden and unauthorized", () => Cluster(Snapshot() with
        {
            Errors =
            [
                new ClusterReadError("Secret", null, ReasonCodes.PermissionDenied, 403, "forbidden"),
                new ClusterReadError("ConfigMap", "team-a", ReasonCodes.PermissionDenied, 403, "forbidden"),
            ],
        }));
        yield return S("API credentials rejected", () => Cluster(Snapshot() with
        {
            Errors = [new ClusterReadError("Node", null, ReasonCodes.PermissionDenied, 401, "Unauthorized"), new ClusterReadError("Pod", "kube-system", ReasonCodes.PermissionDenied, 401, "Unauthorized")],
        }));
        yield return S("kube-root-ca.crt stale after a CA rotation", () =>
        {
            var oldCa = Ca("kubernetes", Now.AddYears(-2), Now.AddYears(8));
            var newCa = Ca("kubernetes", Now.AddDays(-1), Now.AddYears(10));
            return Cluster(Snapshot() with
            {
                ClusterCa = [Info(newCa)],
                ServedChain = [Info(Server(newCa, "kubernetes.default.svc"))],
                RootCaConfigMaps = [RootCaMap("default", oldCa), RootCaMap("kube-system", oldCa), RootCaMap("apps", newCa)],
                SystemPods = [Pod("coredns-1", Labels("k8s-app", "kube-dns"), started: Now.AddDays(-3))],
            });
        });
        yield return S("admission webhook caBundle expired", () =>
        {
            var bundle = new CaBundle("ValidatingWebhookConfiguration", "policy-webhook", "validate.policy.example.com", "webhooks[0].clientConfig.caBundle",
                [Info(Ca("policy-ca", Now.AddYears(-2), Now.AddDays(-3)))], "policy", "policy-webhook", null);
            return Cluster(Snapshot() with { CaBundles = [bundle] });
        });
        yield return S("APIService caBundle does not verify its service", () =>
        {
            var servingCa = Ca("metrics-ca");
            var bundle = new CaBundle("APIService", "v1beta1.metrics.k8s.io", null, "spec.caBundle", [Info(Ca("other-ca"))], "kube-system", "metrics-server", null);
            return Cluster(Snapshot() with { CaBundles = [bundle] }, [SecretCert(Server(servingCa, "metrics-server.kube-system.svc"), "kube-system", "metrics-server-tls")]);
        });
        yield return S("kubelet CSRs pending", () => Cluster(Snapshot() with
        {
            SigningRequests =
            [
                Csr("csr-a", "kubernetes.io/kube-apiserver-client-kubelet", "system:node:w-1", Now.AddHours(-5)),
                Csr("csr-b", "kubernetes.io/kubelet-serving", "system:node:w-2", Now.AddHours(-3)),
            ],
        }));
        yield return S("nodes NotReady", () => Cluster(Snapshot() with
        {
            Nodes = [Node("cp-1", "Unknown", controlPlane: true), Node("w-1", "False", reason: "KubeletNotReady", message: "container runtime network not ready: NetworkPluginNotReady")],
        }));
        yield return S("control-plane, DNS and CNI pods down", () => Cluster(Snapshot() with
        {
            SystemPods =
            [
                Pod("kube-scheduler-cp-1", Labels("component", "kube-scheduler"), containers: CrashLooping("kube-scheduler", 12)),
                Pod("coredns-9", Labels("k8s-app", "kube-dns"), containers: CrashLooping("coredns", 5)),
                Pod("calico-node-x", Labels("k8s-app", "calico-node"), containers: CrashLooping("calico-node", 3)),
            ],
        }));
        yield return S("kube-system workloads unavailable", () => Cluster(Snapshot() with
        {
            SystemDeployments = [Deployment("coredns", 2, 0, Labels("k8s-app", "kube-dns")), Deployment("metrics-server", 1, 0, Labels("k8s-app", "metrics-server"))],
            SystemDaemonSets = [DaemonSet("calico-node", 3, 1, Labels("k8s-app", "calico-node"))],
        }));
        yield return S("cert-manager Certificate not ready", () => Cluster(Snapshot() with
        {
            CertManagerCertificates = [new CertManagerCertificate("web", "shop-tls", "shop-tls", Now.AddDays(3), Now.AddDays(-27), false, "Failed", "issuer not ready")],
        }));
    }

    private static DoctorReport Cluster(ClusterSnapshot snapshot, IReadOnlyList<FoundCertificate>? certificates = null) =>
        DoctorChecks.Run(Inputs(snapshot, certificates));
}
