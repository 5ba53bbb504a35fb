using System.Net;
using Doomsday.Core.Doctor.Runbooks;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// The API server's certificate carries the address it advertises (<c>--advertise-address</c>):
/// kubeadm writes it into apiserver.crt when it creates the certificate (pkiutil GetAPIServerAltNames)
/// and never again, so a node whose address changed keeps a certificate for the old one, and every
/// client that reaches the API server at the new address fails TLS verification.
/// </summary>
internal sealed class ApiserverSanCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    private const string DefaultCertFile = "/etc/kubernetes/pki/apiserver.crt";

    public string Name => "apiserver-sans";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.Local(FindingIds.ApiserverSanMissing);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        var api = inputs.Manifest("kube-apiserver");
        if (api?.Flag("--advertise-address") is not { } advertised || !IPAddress.TryParse(advertised, out var ip)) return;
        if (api.Flag("--tls-cert-file") is not { } certFile) return;
        var cert = inputs.CertificateAt(certFile);
        if (cert is null)
        {
            report.Skip(Name, "apiserver", $"{certFile} could not be read");
            return;
        }
        if (SanMatcher.Covers(cert.Certificate, advertised)) return;

        var port = api.Flag("--secure-port") ?? "6443";
        var hostPort = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{advertised}]:{port}" : $"{advertised}:{port}";
        var sans = cert.Certificate.Sans.Dns.Concat(cert.Certificate.Sans.Ip).ToList();
        report.Add(new Finding(FindingIds.ApiserverSanMissing, FindingSeverity.Critical, "apiserver",
            $"{certFile} does not list {advertised}, the address kube-apiserver advertises (--advertise-address): kubelets, kubectl and kubeadm join " +
            $"that reach https://{hostPort} fail with \"x509: certificate is valid for ..., not {advertised}\" (the node's address changed after the certificate was made?)",
            [
                new("manifest", api.Path),
                new("advertise address", advertised),
                new("certificate DNS SANs", string.Join(", ", cert.Certificate.Sans.Dns)),
                new("certificate IP SANs", string.Join(", ", cert.Certificate.Sans.Ip)),
                .. EvidenceOf.Certificate("certificate", cert),
            ],
            new Runbook(Steps(inputs, api, certFile, advertised, sans, hostPort),
            [
                new($"The certificate served on {hostPort} must list IP Address:{advertised}", $"echo | openssl s_client -connect {hostPort} 2>/dev/null | openssl x509 -noout -ext subjectAltName"),
                Verify.Rerun(),
            ])));
    }

    private static List<RunbookStep> Steps(DoctorInputs inputs, Sources.Kubeadm.StaticPodManifest api, string certFile, string advertised, List<string> sans, string hostPort)
    {
        var keyFile = api.Flag("--tls-private-key-file") ?? certFile[..^".crt".Length] + ".key";
        var steps = new List<RunbookStep>
        {
            new($"{Components.OnNode(inputs)}: kubeadm writes the advertise address into {certFile} only when it creates it; the certificate must be made again"),
            new("Back up the PKI", "sudo cp -a /etc/kubernetes/pki /etc/kubernetes/pki.bak.$(date +%F-%H%M%S)", RunOn.ThisNode),
        };
        if (certFile != DefaultCertFile || inputs.Named(Sources.Kubeadm.KubeadmNames.Ca) is null)
        {
            steps.Add(new($"Re-issue {certFile} from the cluster CA with every name it lists now plus IP {advertised} ({string.Join(", ", sans)}), and install it with its key {keyFile}"));
        }
        else
        {
            var cidr = api.Flag("--service-cluster-ip-range") ?? "10.96.0.0/12";
            var domain = inputs.CertificateAt(certFile)?.Certificate.Sans.Dns
                .FirstOrDefault(d => d.StartsWith("kubernetes.default.svc.", StringComparison.Ordinal))?["kubernetes.default.svc.".Length..] ?? "cluster.local";
            steps.Add(new("kubeadm skips a certificate whose files exist: remove the pair (the backup keeps it)", $"sudo rm {certFile} {keyFile}", RunOn.ThisNode));
            steps.Add(new($"Make it again with the names it had plus {advertised} (kubeadm adds the node name, the service IP and the kubernetes.default names itself)",
                $"sudo kubeadm init phase certs apiserver --kubernetes-version $(kubeadm version -o short) --apiserver-advertise-address {advertised} " +
                $"--service-cidr {cidr} --service-dns-domain {domain} --apiserver-cert-extra-sans {string.Join(",", sans)}", RunOn.ThisNode));
        }
        steps.AddRange(StaticPods.Restart("kube-apiserver"));
        return steps;
    }
}
