using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Expired and soon-expiring certificates (each with its renewal runbook), and certificates not
/// valid yet — usually a clock that is wrong on the node that issued or the node that checks.
/// </summary>
internal sealed class ValidityCheck : IDoctorCheck
{
    public string Name => "validity";

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var found in inputs.Certificates)
        {
            var c = found.Certificate;
            if (!seen.Add(c.FingerprintSha256 + "|" + found.Name)) continue;
            var severity = inputs.Thresholds.Classify(c.NotBefore, c.NotAfter, inputs.Now);
            // A caBundle that holds nothing valid is cabundle-expired, with what it breaks; not a second finding here.
            if (severity is Severity.Expired or Severity.NotYetValid
                && found.Source is Sources.Cluster.ClusterSourceRef r && CaBundleCheck.BundleKinds.Contains(r.ObjectKind)) continue;
            var name = EvidenceOf.NameOf(found);
            switch (severity)
            {
                case Severity.NotYetValid:
                    report.Add(new Finding(FindingIds.NotYetValid, FindingSeverity.Critical, name,
                        $"{name} is not valid until {c.NotBefore.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({Durations.FormatResidual(c.NotBefore - inputs.Now)} from now): a clock is wrong, here or where it was issued",
                        [.. EvidenceOf.Certificate("certificate", found), new Evidence("now", inputs.Now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"))],
                        new Runbook(
                            [
                                new("Check this node's clock and its time sync", "timedatectl; chronyc tracking"),
                                new("Check the clock of the machine that issued it (the control-plane node for kubeadm certs)", "date -u"),
                                new("Fix the clock, then re-issue the certificate if it was issued with a wrong date"),
                            ],
                            [Runbooks.Rerun()])));
                    break;
                case Severity.Expired:
                case Severity.Emergency:
                case Severity.Critical:
                    var expired = severity == Severity.Expired;
                    var runbook = found.Name is { } n && Runbooks.Renewable.Contains(n)
                        ? Runbooks.Renew(n, n == "apiserver" ? "127.0.0.1:6443" : n == "etcd-server" ? "127.0.0.1:2379" : null)
                        : GenericRenewal(found);
                    report.Add(new Finding(expired ? FindingIds.CertificateExpired : FindingIds.CertificateExpiring,
                        expired || severity == Severity.Emergency ? FindingSeverity.Critical : FindingSeverity.Warning,
                        name,
                        expired
                            ? $"{name} expired on {c.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({Durations.FormatResidual(inputs.Now - c.NotAfter)} ago)"
                            : $"{name} expires on {c.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC, in {Durations.FormatResidual(c.NotAfter - inputs.Now)}",
                        [.. EvidenceOf.Certificate("certificate", found)],
                        runbook));
                    break;
            }
        }
    }

    private static Runbook GenericRenewal(FoundCertificate found) => found.Name switch
    {
        "kubelet.conf" => new Runbook(
            [
                new("The kubelet rotates its client certificate itself when rotateCertificates is on; check it is", "grep -i rotateCertificates /var/lib/kubelet/config.yaml"),
                new("If rotation is off or the certificate already expired, re-create kubelet.conf on this node", "sudo kubeadm kubeconfig user --client-name=system:node:$(hostname) --org=system:nodes > /tmp/kubelet.conf"),
                .. Runbooks.RestartKubelet(),
            ],
            [Runbooks.Rerun()]),
        "ca" or "etcd-ca" or "front-proxy-ca" => new Runbook(
            [new("kubeadm does not renew CAs: follow the manual CA rotation", "https://kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates/")],
            [Runbooks.Rerun()]),
        _ => new Runbook(
            [new($"Re-issue the certificate at {ChainCheck.PathOf(found)} from its CA and restart what serves or uses it")],
            [new("Check the new dates", $"openssl x509 -in {ChainCheck.PathOf(found)} -noout -dates")]),
    };
}
