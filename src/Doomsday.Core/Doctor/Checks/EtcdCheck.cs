using System.Net;
using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// etcd's server and peer certificates carry this member's name and advertised IPs (per-node
/// certificates copied between control-plane nodes are a known outage), and the API server's etcd
/// client certificate comes from the CA etcd trusts.
/// </summary>
internal sealed class EtcdCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    private const string CheckName = "etcd";

    public string Name => CheckName;

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.Local(FindingIds.EtcdSanMissing, FindingIds.EtcdClientUntrusted);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        var etcd = inputs.Manifest("etcd");
        if (etcd is not null)
        {
            var memberName = etcd.Flag("--name");
            CheckSans(inputs, report, etcd, "--cert-file", "etcd-server", memberName, Hosts(etcd.Flag("--advertise-client-urls")));
            CheckSans(inputs, report, etcd, "--peer-cert-file", "etcd-peer", memberName, Hosts(etcd.Flag("--initial-advertise-peer-urls")));
        }
        CheckClient(inputs, report, etcd);
    }

    private static void CheckSans(DoctorInputs inputs, DoctorReport report, Sources.Kubeadm.StaticPodManifest etcd, string flag, string role,
        string? memberName, IReadOnlyList<string> hosts)
    {
        if (etcd.Flag(flag) is not { } file) return;
        var cert = inputs.CertificateAt(file);
        if (cert is null)
        {
            report.Skip(CheckName, role, $"{file} could not be read");
            return;
        }
        var missing = hosts.Where(h => !SanMatcher.Covers(cert.Certificate, h)).ToList();
        if (memberName is not null && !IPAddress.TryParse(memberName, out _) && !SanMatcher.Covers(cert.Certificate, memberName)) missing.Insert(0, memberName);
        if (missing.Count == 0) return;
        report.Add(new Finding(FindingIds.EtcdSanMissing, FindingSeverity.Critical, role,
            $"{file} does not carry {string.Join(", ", missing)} among its names, which this etcd member ({memberName}) advertises: the certificate was probably copied from another control-plane node, and peers or the API server reject it",
            [
                new("manifest", etcd.Path), new("member", memberName ?? ""), new("advertised", string.Join(", ", hosts)),
                new("missing", string.Join(", ", missing)),
                new("certificate DNS SANs", string.Join(", ", cert.Certificate.Sans.Dns)), new("certificate IP SANs", string.Join(", ", cert.Certificate.Sans.Ip)),
                .. EvidenceOf.Certificate("certificate", cert),
            ],
            new Runbook(
                [
                    Kubeadm.ExportConfig(),
                    .. Kubeadm.Regenerate(role, file),
                    .. StaticPods.Restart(StaticPods.Etcd),
                ],
                [new("The SANs must list this node's name and IP", $"sudo openssl x509 -in {file} -noout -ext subjectAltName", RunOn.ThisNode), Verify.Rerun()])));
    }

    private static void CheckClient(DoctorInputs inputs, DoctorReport report, Sources.Kubeadm.StaticPodManifest? etcd)
    {
        var apiserver = inputs.Manifest("kube-apiserver");
        if (apiserver?.Flag("--etcd-certfile") is not { } clientFile) return;
        var client = inputs.CertificateAt(clientFile);
        var caFile = etcd?.Flag("--trusted-ca-file") ?? apiserver.Flag("--etcd-cafile");
        // Every CA of the file etcd trusts (a bundle while the etcd CA is replaced).
        var cas = caFile is null ? (inputs.Named("etcd-ca") is { } named ? inputs.SameFile(named) : []) : inputs.CertificatesAt(caFile);
        if (client is null || cas.Count == 0) return;
        if (cas.Any(ca => SignatureVerifier.IsSignedBy(client.Certificate, ca.Certificate) != false)) return;
        var ca = cas[0];
        report.Add(new Finding(FindingIds.EtcdClientUntrusted, FindingSeverity.Critical, "apiserver-etcd-client",
            $"the API server's etcd client certificate {clientFile} was not issued by the CA etcd trusts ({caFile}): the API server cannot reach etcd and the whole control plane stops",
            [.. EvidenceOf.Certificate("client", client), .. EvidenceOf.Certificate("etcd CA", ca)],
            new Runbook(
                [
                    .. caFile is null ? [] : new[] { new RunbookStep("Confirm with openssl", $"sudo openssl verify -CAfile {caFile} {clientFile}", RunOn.ThisNode) },
                    new("Re-issue the client certificate from the etcd CA"),
                    .. Kubeadm.Renew("apiserver-etcd-client"),
                ],
                [.. caFile is null ? [] : new[] { Verify.Chains(caFile, clientFile) }, Verify.Rerun()])));
    }

    private static IReadOnlyList<string> Hosts(string? urls) =>
        (urls ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri.Host.Trim('[', ']') : null)
            .OfType<string>()
            .Where(h => h is not "0.0.0.0" and not "::")
            .Distinct()
            .ToList();
}
