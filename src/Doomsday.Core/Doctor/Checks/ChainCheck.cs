using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Inventory;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Every certificate verifies against the CA that should have issued it (kubeadm's ca, etcd-ca,
/// front-proxy-ca; otherwise a CA found with the issuer's name), CA files are CAs, and no
/// certificate outlives its issuer. A kubeadm CA file may hold two CAs (the old and the new one during
/// a CA rotation, in either order): a certificate signed by any of them is signed by its CA.
/// </summary>
internal sealed class ChainCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    private static readonly HashSet<string> KubeadmCas = new(StringComparer.Ordinal) { N.Ca, N.EtcdCa, N.FrontProxyCa };

    public string Name => "chain";

    public IReadOnlyList<FindingDeclaration> Emits { get; } =
        FindingDeclaration.Local(FindingIds.ChainBroken, FindingIds.NotACa, FindingIds.OutlivesIssuer);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var found in inputs.Certificates)
        {
            var cert = found.Certificate;
            if (IsUsedAsCa(found) && !cert.IsCa)
            {
                report.Add(NotACa(found, inputs));
            }
            if (!seen.Add(cert.FingerprintSha256 + "|" + found.Authority)) continue;
            if (found.Source is EndpointSourceRef) continue; // served chains are judged by the stale-serving check
            if (found.Source is KubeconfigSourceRef { EmbeddedKind: "user" }) continue; // client certificates: the kubeconfig check
            if (cert.SelfIssued && found.Authority is null) continue;

            var expected = found.Authority is { } authority && !KubeadmCas.Contains(found.Name ?? "") && inputs.Named(authority) is { } ca
                ? inputs.SameFile(ca)
                : null;
            var candidates = expected ?? inputs.IssuerCandidates(cert).ToList();
            if (candidates.Count == 0) continue;

            var verdicts = candidates.Select(c => SignatureVerifier.IsSignedBy(cert, c.Certificate)).ToList();
            var at = verdicts.IndexOf(true);
            if (at < 0)
            {
                if (verdicts.All(v => v is null)) continue;
                report.Add(Broken(found, candidates, expected is not null, inputs));
                continue;
            }
            var issuer = candidates[at];
            if (cert.NotAfter > issuer.Certificate.NotAfter && !cert.SelfIssued)
            {
                report.Add(Outlives(found, issuer));
            }
        }
    }

    private static bool IsUsedAsCa(FoundCertificate found) =>
        KubeadmCas.Contains(found.Name ?? "")
        || (found.Source is KubeconfigSourceRef { EmbeddedKind: "cluster" } && found.Certificate.SelfIssued);

    private static Finding NotACa(FoundCertificate found, DoctorInputs inputs)
    {
        var name = EvidenceOf.NameOf(found);
        var file = Places.ReadableFileOf(found, inputs, out var extract);
        var steps = new List<RunbookStep>();
        if (extract is not null) steps.Add(extract);
        if (file is not null) steps.Add(new("Look at it: a leaf copied over the CA is the usual cause", $"sudo openssl x509 -in {file} -noout -subject -issuer -ext basicConstraints", RunOn.ThisNode));
        steps.Add(new("Put the CA back from your backup. kubeadm never makes a CA again on its own: a new CA would invalidate everything the old one signed"));
        return new Finding(FindingIds.NotACa, FindingSeverity.Critical, name,
            $"{name} is used as a certificate authority but is not a CA (basicConstraints CA:TRUE missing): clients will refuse what it signs",
            [.. EvidenceOf.Certificate("certificate", found), new Evidence("basicConstraints CA", found.Certificate.IsCa ? "true" : "false")],
            new Runbook(steps, [Verify.Rerun()]));
    }

    private static Finding Broken(FoundCertificate found, IReadOnlyList<FoundCertificate> cas, bool kubeadmAuthority, DoctorInputs inputs)
    {
        var name = EvidenceOf.NameOf(found);
        var caName = EvidenceOf.NameOf(cas[0]);
        var caFile = Places.FileOf(cas[0], inputs);
        var certFile = Places.FileOf(found, inputs);
        var steps = new List<RunbookStep>();
        var verify = new List<RunbookStep>();
        if (caFile is not null && certFile is not null)
        {
            steps.Add(new("Confirm with openssl", $"sudo openssl verify -CAfile {caFile} {certFile}", RunOn.ThisNode));
            verify.Add(Verify.Chains(caFile, certFile));
        }
        if (kubeadmAuthority && found.Name is { } n && Kubeadm.Renewable.Contains(n))
        {
            steps.AddRange(Kubeadm.Renew(n));
        }
        else
        {
            steps.Add(new("Re-issue the certificate from the CA that is in use, or put back the CA that issued it"));
        }
        verify.Add(Verify.Rerun());
        var evidence = new List<Evidence>(EvidenceOf.Certificate("certificate", found));
        foreach (var ca in cas) evidence.AddRange(EvidenceOf.Certificate(cas.Count == 1 ? "expected issuer" : $"expected issuer #{ca.Source switch { FileSourceRef f => f.Index ?? 0, _ => 0 }}", ca));
        return new Finding(FindingIds.ChainBroken, FindingSeverity.Critical, name,
            $"{name} is not signed by {caName}, the CA that should have issued it: peers that trust {caName} reject it",
            evidence, new Runbook(steps, verify));
    }

    private static Finding Outlives(FoundCertificate found, FoundCertificate issuer)
    {
        var name = EvidenceOf.NameOf(found);
        var issuerName = EvidenceOf.NameOf(issuer);
        IReadOnlyList<RunbookStep> steps = issuer.Name is { } ca && KubeadmCas.Contains(ca)
            ? CaRotation.Plan(ca)
            : [new($"Replace {issuerName} before it expires and re-issue {name} from the new CA")];
        return new Finding(FindingIds.OutlivesIssuer, FindingSeverity.Warning, name,
            $"{name} is valid until {found.Certificate.NotAfter.UtcDateTime:yyyy-MM-dd} but its issuer {issuerName} expires {issuer.Certificate.NotAfter.UtcDateTime:yyyy-MM-dd}: it stops working when the CA does",
            [.. EvidenceOf.Certificate("certificate", found), .. EvidenceOf.Certificate("issuer", issuer)],
            new Runbook(steps, [Verify.Rerun()]));
    }
}
