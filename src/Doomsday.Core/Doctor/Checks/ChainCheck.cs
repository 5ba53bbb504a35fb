using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Every certificate verifies against the CA that should have issued it (kubeadm's ca, etcd-ca,
/// front-proxy-ca; otherwise a CA found with the issuer's name), CA files are CAs, and no
/// certificate outlives its issuer.
/// </summary>
internal sealed class ChainCheck : IDoctorCheck
{
    private static readonly HashSet<string> KubeadmCas = new(StringComparer.Ordinal) { "ca", "etcd-ca", "front-proxy-ca" };

    public string Name => "chain";

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var found in inputs.Certificates)
        {
            var cert = found.Certificate;
            if (IsUsedAsCa(found, inputs) && !cert.IsCa)
            {
                report.Add(NotACa(found));
            }
            if (!seen.Add(cert.FingerprintSha256 + "|" + found.Authority)) continue;
            if (found.Source is EndpointSourceRef) continue; // served chains are judged by the stale-serving check
            if (found.Source is KubeconfigSourceRef { EmbeddedKind: "user" }) continue; // client certificates: the kubeconfig check
            if (cert.SelfIssued && found.Authority is null) continue;

            var expected = found.Authority is { } authority && !KubeadmCas.Contains(found.Name ?? "") ? inputs.Named(authority) : null;
            var candidates = expected is not null ? [expected] : inputs.IssuerCandidates(cert).ToList();
            if (candidates.Count == 0) continue;

            var issuer = candidates.FirstOrDefault(c => SignatureVerifier.IsSignedBy(cert, c.Certificate) == true);
            if (issuer is null)
            {
                if (candidates.All(c => SignatureVerifier.IsSignedBy(cert, c.Certificate) is null)) continue;
                report.Add(Broken(found, candidates[0], expected is not null));
                continue;
            }
            if (cert.NotAfter > issuer.Certificate.NotAfter && !cert.SelfIssued)
            {
                report.Add(Outlives(found, issuer));
            }
        }
    }

    private static bool IsUsedAsCa(FoundCertificate found, DoctorInputs inputs) =>
        KubeadmCas.Contains(found.Name ?? "")
        || (found.Source is KubeconfigSourceRef { EmbeddedKind: "cluster" } && found.Certificate.SelfIssued);

    private static Finding NotACa(FoundCertificate found)
    {
        var name = EvidenceOf.NameOf(found);
        return new Finding(FindingIds.NotACa, FindingSeverity.Critical, name,
            $"{name} is used as a certificate authority but is not a CA (basicConstraints CA:TRUE missing): clients will refuse what it signs",
            [.. EvidenceOf.Certificate("certificate", found), new Evidence("basicConstraints CA", found.Certificate.IsCa ? "true" : "false")],
            new Runbook(
                [
                    new("Inspect the file; a leaf was probably copied over the CA", $"openssl x509 -in {PathOf(found)} -noout -text"),
                    new("Restore the CA from backup (CA certificates are not renewed by kubeadm)", "sudo cp -a /etc/kubernetes.bak/pki/ca.crt /etc/kubernetes/pki/ca.crt"),
                ],
                [Runbooks.Rerun()]));
    }

    private static Finding Broken(FoundCertificate found, FoundCertificate ca, bool kubeadmAuthority)
    {
        var name = EvidenceOf.NameOf(found);
        var caName = EvidenceOf.NameOf(ca);
        var steps = new List<RunbookStep>
        {
            new("Confirm with openssl", $"openssl verify -CAfile {PathOf(ca)} {PathOf(found)}"),
        };
        if (kubeadmAuthority && found.Name is { } n && Runbooks.Renewable.Contains(n))
        {
            steps.AddRange(Runbooks.Renew(n).Steps);
        }
        else
        {
            steps.Add(new("Re-issue the certificate from the CA that is in use, or put back the CA that issued it"));
        }
        return new Finding(FindingIds.ChainBroken, FindingSeverity.Critical, name,
            $"{name} is not signed by {caName}, the CA that should have issued it: peers that trust {caName} reject it",
            [.. EvidenceOf.Certificate("certificate", found), .. EvidenceOf.Certificate("expected issuer", ca)],
            new Runbook(steps, [new("openssl verify must print OK", $"openssl verify -CAfile {PathOf(ca)} {PathOf(found)}"), Runbooks.Rerun()]));
    }

    private static Finding Outlives(FoundCertificate found, FoundCertificate issuer)
    {
        var name = EvidenceOf.NameOf(found);
        return new Finding(FindingIds.OutlivesIssuer, FindingSeverity.Warning, name,
            $"{name} is valid until {found.Certificate.NotAfter.UtcDateTime:yyyy-MM-dd} but its issuer {EvidenceOf.NameOf(issuer)} expires {issuer.Certificate.NotAfter.UtcDateTime:yyyy-MM-dd}: it stops working when the CA does",
            [.. EvidenceOf.Certificate("certificate", found), .. EvidenceOf.Certificate("issuer", issuer)],
            new Runbook(
                [
                    new("Plan the CA rotation before the CA expires (kubeadm does not renew CAs)", "https://kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates/"),
                    new("After the new CA is in place, re-issue the certificate from it"),
                ],
                [Runbooks.Rerun()]));
    }

    internal static string PathOf(FoundCertificate f) => f.Source switch
    {
        FileSourceRef file => file.Path,
        KubeconfigSourceRef k => k.ReferencedPath ?? $"<({k.Field} of {k.EmbeddedKind} {k.EmbeddedName} in {k.Path})>",
        _ => f.Source.Display,
    };
}
