using Doomsday.Core.Doctor.Checks.Support;
using System.Text;
using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Formats;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using k8s.Models;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Seed 003: every namespace's <c>kube-root-ca.crt</c> ConfigMap must carry the cluster CA — it is
/// what every pod's service-account volume mounts as <c>ca.crt</c> to trust the API server. After a
/// CA rotation kube-controller-manager's root-ca-cert-publisher rewrites them from its
/// <c>--root-ca-file</c>; if it runs with the old file, or is not running, they keep the old CA.
/// The cluster CA is, in order: the file kube-controller-manager's manifest names as
/// <c>--root-ca-file</c> (or kubeadm's <c>ca</c>) when doctor also reads this node's files and that
/// CA belongs to the cluster; else the CA of the kubeconfig that signed the chain the API server
/// served; else any CA of the kubeconfig. One finding per cluster lists the stale namespaces (the
/// first 20, and how many): on a cluster of 1,000 namespaces a CA rotation makes them all stale at
/// once and one finding per namespace would bury everything else.
/// </summary>
internal sealed class RootCaConfigMapCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    public const string ConfigMapName = "kube-root-ca.crt";
    private const int ListCap = 20;

    public string Name => "root-ca-configmap";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.ClusterObjects(FindingIds.RootCaConfigMapStale);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var cluster in inputs.Clusters.Where(ClusterReads.Readable))
        {
            if (cluster.RootCaConfigMaps.Count == 0) continue;
            var (required, basis) = ClusterCas(inputs, cluster);
            if (required.Count == 0)
            {
                report.Skip(Name, ClusterApi.Subject(cluster.Context, "ConfigMap", null, ConfigMapName), "the cluster CA is not known (no CA in the kubeconfig, no ca.crt on disk)");
                continue;
            }
            var served = cluster.ServedChain;
            var stale = new List<(V1ConfigMap Map, IReadOnlyList<CertificateInfo> Held, bool BreaksApi)>();
            foreach (var map in cluster.RootCaConfigMaps)
            {
                var held = Decode(map);
                if (held.Any(h => required.Any(r => r.FingerprintSha256 == h.FingerprintSha256))) continue;
                var breaksApi = served.Count > 0 && !held.Any(h => served.Any(s => s.FingerprintSha256 == h.FingerprintSha256 || SignatureVerifier.IsSignedBy(s, h) == true));
                stale.Add((map, held, breaksApi));
            }
            if (stale.Count > 0) report.Add(Stale(cluster, required, basis, stale));
        }
    }

    /// <summary>The CA the ConfigMaps must carry, and how it was chosen (said in the evidence).</summary>
    internal static (IReadOnlyList<CertificateInfo> Cas, string Basis) ClusterCas(DoctorInputs inputs, ClusterSnapshot cluster)
    {
        var leaf = cluster.ServedChain.FirstOrDefault();
        bool Signs(CertificateInfo ca) => cluster.ServedChain.Any(s => SignatureVerifier.IsSignedBy(s, ca) == true);

        var rootCaFile = inputs.Manifest("kube-controller-manager")?.Flag("--root-ca-file");
        var onDisk = (rootCaFile is null ? null : inputs.CertificateAt(rootCaFile)) ?? inputs.Named("ca");
        if (onDisk is not null)
        {
            var belongs = inputs.Clusters.Count == 1
                || cluster.ClusterCa.Any(c => c.FingerprintSha256 == onDisk.Certificate.FingerprintSha256)
                || (leaf is not null && Signs(onDisk.Certificate));
            if (belongs) return ([onDisk.Certificate], $"{onDisk.Source.Display} (kube-controller-manager --root-ca-file)");
        }
        var signers = cluster.ClusterCa.Where(Signs).ToList();
        if (signers.Count > 0) return (signers, "the kubeconfig CA that signed the API server's certificate");
        return (cluster.ClusterCa, "the kubeconfig's certificate-authority");
    }

    internal static IReadOnlyList<CertificateInfo> Decode(V1ConfigMap map)
    {
        if (map.Data is null || !map.Data.TryGetValue("ca.crt", out var pem) || string.IsNullOrWhiteSpace(pem)) return [];
        return CertificateDecoder.Decode(Encoding.UTF8.GetBytes(pem)).Certificates.Select(c => c.Info).ToList();
    }

    private static Finding Stale(ClusterSnapshot cluster, IReadOnlyList<CertificateInfo> required, string basis,
        List<(V1ConfigMap Map, IReadOnlyList<CertificateInfo> Held, bool BreaksApi)> stale)
    {
        var ctx = cluster.Context;
        var namespaces = stale.Select(s => s.Map.Metadata?.NamespaceProperty ?? "").Order(StringComparer.Ordinal).ToList();
        var breaking = stale.Where(s => s.BreaksApi).Select(s => s.Map.Metadata?.NamespaceProperty ?? "").Order(StringComparer.Ordinal).ToList();
        var ca = required.OrderByDescending(c => c.NotBefore).First();
        var changed = ca.NotBefore;

        var evidence = new List<Evidence>
        {
            new("cluster", ctx),
            new("cluster CA from", basis),
            new("cluster CA subject", ca.Subject),
            new("cluster CA sha256", string.Join(", ", required.Select(c => c.FingerprintSha256))),
            new("cluster CA valid", $"{ca.NotBefore.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} → {ca.NotAfter.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"),
            new("stale namespaces", $"{namespaces.Count} of {cluster.RootCaConfigMaps.Count}"),
            new("namespaces", ActiveCap(namespaces)),
        };
        if (breaking.Count > 0) evidence.Add(new("namespaces whose CA does not verify the API server", ActiveCap(breaking)));
        foreach (var (map, held, _) in stale.Take(3))
        {
            evidence.Add(new($"{map.Metadata?.NamespaceProperty}/{ConfigMapName} holds",
                held.Count == 0 ? "no certificate in ca.crt" : string.Join("; ", held.Select(h => $"{h.Subject} sha256 {h.FingerprintSha256} valid from {h.NotBefore.UtcDateTime:yyyy-MM-dd}"))));
        }

        List<RunbookStep> steps =
        [
            new("The ConfigMaps are written by kube-controller-manager's root-ca-cert-publisher from its --root-ca-file: check it is running",
                ClusterApi.Kubectl(ctx, "-n kube-system get pods -l component=kube-controller-manager -o wide")),
            new("On each control-plane node, check --root-ca-file names the new CA and compare fingerprints with the cluster CA above",
                "sudo grep -- --root-ca-file /etc/kubernetes/manifests/kube-controller-manager.yaml; sudo openssl x509 -in /etc/kubernetes/pki/ca.crt -noout -fingerprint -sha256", RunOn.EachControlPlane),
            new("The file is read at start-up: restart kube-controller-manager so it publishes the CA now on disk (it then rewrites every namespace's ConfigMap)"),
            .. StaticPods.Restart(StaticPods.ControllerManager).Select(s => s with { On = RunOn.EachControlPlane }),
            new("If a namespace still holds the old CA, delete its ConfigMap; the publisher recreates it at once",
                ClusterApi.Kubectl(ctx, $"-n {namespaces[0]} delete configmap {ConfigMapName}")),
            new("The kubelet refreshes the mounted ca.crt in running pods, but clients (client-go and most others) read it once at start-up: restart the pods started before the CA changed " +
                $"({changed.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})"),
        ];
        if (namespaces.Contains("kube-system")) steps.AddRange(SystemRestarts(cluster, changed));
        var others = namespaces.Where(n => n != "kube-system").ToList();
        if (others.Count > 0)
        {
            steps.Add(new($"In each other stale namespace ({ActiveCap(others)}), restart its workloads (shown for {others[0]})",
                $"for k in deployment daemonset statefulset; do {ClusterApi.Kubectl(ctx, $"-n {others[0]} rollout restart $k")}; done"));
        }
        var verify = new List<RunbookStep>
        {
            new("The fingerprint must be the cluster CA's",
                ClusterApi.Kubectl(ctx, $"-n {namespaces[0]} get configmap {ConfigMapName} -o jsonpath='{{.data.ca\\.crt}}'") + " | openssl x509 -noout -fingerprint -sha256"),
            ClusterApi.Rerun(ctx),
        };
        var severity = breaking.Count > 0 ? FindingSeverity.Critical : FindingSeverity.Warning;
        var summary = $"{namespaces.Count} {ConfigMapName} ConfigMap{(namespaces.Count == 1 ? "" : "s")} ({ActiveCap(namespaces, 5)}) do not carry the cluster CA {ca.SubjectCommonName ?? ca.Subject}: " +
                      (breaking.Count > 0
                          ? "pods there cannot verify the API server and fail once they restart or reconnect"
                          : "pods there trust an outdated CA and will fail when the API server moves to it");
        return new Finding(FindingIds.RootCaConfigMapStale, severity, ClusterApi.Subject(ctx, "ConfigMap", "*", ConfigMapName), summary, evidence, new Runbook(steps, verify));
    }

    /// <summary>kube-system pods started before the CA changed, as the commands that recreate them (mirror pods of static pods excluded: they do not mount a service-account CA that matters here and restart with their manifest).</summary>
    private static IEnumerable<RunbookStep> SystemRestarts(ClusterSnapshot cluster, DateTimeOffset changed)
    {
        var old = cluster.SystemPods
            .Where(p => ClusterTime.Of(p.Status?.StartTime) is { } t && t < changed)
            .Where(p => p.Metadata?.OwnerReferences?.Any(o => o.Kind == "Node") != true)
            .ToList();
        if (old.Count == 0)
        {
            yield return new("No kube-system pod started before the CA changed (or start times are unknown): list them to be sure",
                ClusterApi.Kubectl(cluster.Context, "-n kube-system get pods -o custom-columns=NAME:.metadata.name,STARTED:.status.startTime"));
            yield break;
        }
        var owners = old.Select(p => Workloads.OwnerOf(p)).Distinct().Order(StringComparer.Ordinal).ToList();
        var rollouts = owners.Where(o => !o.StartsWith("pod/", StringComparison.Ordinal)).ToList();
        var bare = owners.Where(o => o.StartsWith("pod/", StringComparison.Ordinal)).ToList();
        if (rollouts.Count > 0)
        {
            yield return new($"kube-system workloads with pods started before {changed.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}: restart them",
                ClusterApi.Kubectl(cluster.Context, $"-n kube-system rollout restart {string.Join(" ", rollouts)}"));
        }
        if (bare.Count > 0)
        {
            yield return new("kube-system pods without a controller: delete them (recreate them from their manifest if nothing does)",
                ClusterApi.Kubectl(cluster.Context, $"-n kube-system delete {string.Join(" ", bare)}"));
        }
    }

    private static string ActiveCap(IReadOnlyList<string> names, int cap = ListCap) => NameLists.Capped(names, cap);
}
