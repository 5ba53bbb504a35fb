namespace Doomsday.Core.Doctor.Checks;

/// <summary>RSA keys under 2048 bits, EC keys under 256 bits, DSA; SHA-1, MD5 and MD2 signatures.</summary>
internal sealed class WeakCryptoCheck : IDoctorCheck
{
    public string Name => "crypto";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.Local(FindingIds.WeakKey, FindingIds.WeakSignature);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var found in inputs.Certificates)
        {
            var c = found.Certificate;
            if (!seen.Add(c.FingerprintSha256)) continue;
            var name = EvidenceOf.NameOf(found);
            var weakKey = c.PublicKeyAlgorithm switch
            {
                "RSA" or "RSA-PSS" => c.PublicKeySize < 2048,
                "EC" => c.PublicKeySize < 256,
                "DSA" => true,
                _ => false,
            };
            if (weakKey)
            {
                report.Add(new Finding(FindingIds.WeakKey, FindingSeverity.Warning, name,
                    $"{name} has a {c.PublicKeyAlgorithm} {c.PublicKeySize}-bit key; use RSA 2048+ or ECDSA P-256+",
                    [.. EvidenceOf.Certificate("certificate", found), new Evidence("public key", $"{c.PublicKeyAlgorithm} {c.PublicKeySize}")],
                    Reissue(found, inputs)));
            }
            // The signature on a self-signed trust anchor is never checked by anyone, so its hash does not matter.
            if (c.SelfIssued && c.IsCa) continue;
            var sig = c.SignatureAlgorithm.ToLowerInvariant();
            // Go's crypto/x509 rejects MD5 outright and SHA-1 since Go 1.18 (Kubernetes 1.24 and later; the
            // x509sha1 GODEBUG opt-out is gone in Go 1.24): every Kubernetes component refuses such a certificate.
            var weak = sig.StartsWith("md2", StringComparison.Ordinal) || sig.StartsWith("md5", StringComparison.Ordinal) || sig.Contains("sha1", StringComparison.Ordinal);
            if (weak)
            {
                report.Add(new Finding(FindingIds.WeakSignature, FindingSeverity.Critical, name,
                    $"{name} is signed with {c.SignatureAlgorithm}, which Kubernetes 1.24 and later reject ('x509: cannot verify signature: insecure algorithm'); re-issue it with SHA-256",
                    [.. EvidenceOf.Certificate("certificate", found), new Evidence("signature algorithm", c.SignatureAlgorithm)],
                    Reissue(found, inputs)));
            }
        }
    }

    private static Runbook Reissue(Inventory.FoundCertificate found, DoctorInputs inputs)
    {
        if (found.Name is { } n && Runbooks.Kubeadm.Renewable.Contains(n)) return new Runbook(Runbooks.Kubeadm.Renew(n), [Runbooks.Verify.Rerun()]);
        var file = Places.ReadableFileOf(found, inputs, out var extract);
        var steps = new List<RunbookStep>();
        if (extract is not null) steps.Add(extract);
        steps.Add(new($"Re-issue {EvidenceOf.NameOf(found)} with a 2048-bit RSA or P-256 key and a SHA-256 signature, and restart what serves or uses it"));
        return new Runbook(steps,
            file is null
                ? [Runbooks.Verify.Rerun()]
                : [new("The signature algorithm must be sha256 or stronger", $"sudo openssl x509 -in {file} -noout -text | grep -m1 'Signature Algorithm'", Runbooks.RunOn.ThisNode), Runbooks.Verify.Rerun()]);
    }
}
