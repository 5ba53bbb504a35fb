namespace Doomsday.Core.Doctor.Checks;

/// <summary>RSA keys under 2048 bits, EC keys under 256 bits, DSA; SHA-1, MD5 and MD2 signatures.</summary>
internal sealed class WeakCryptoCheck : IDoctorCheck
{
    public string Name => "crypto";

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
                    Reissue(found)));
            }
            // The signature on a self-signed trust anchor is never checked by anyone, so its hash does not matter.
            if (c.SelfIssued && c.IsCa) continue;
            var sig = c.SignatureAlgorithm.ToLowerInvariant();
            var broken = sig.StartsWith("md2", StringComparison.Ordinal) || sig.StartsWith("md5", StringComparison.Ordinal);
            var weak = broken || sig.Contains("sha1", StringComparison.Ordinal);
            if (weak)
            {
                report.Add(new Finding(FindingIds.WeakSignature, broken ? FindingSeverity.Critical : FindingSeverity.Warning, name,
                    $"{name} is signed with {c.SignatureAlgorithm}, which clients reject or will reject; re-issue it with SHA-256",
                    [.. EvidenceOf.Certificate("certificate", found), new Evidence("signature algorithm", c.SignatureAlgorithm)],
                    Reissue(found)));
            }
        }
    }

    private static Runbook Reissue(Inventory.FoundCertificate found) =>
        found.Name is { } n && Runbooks.Renewable.Contains(n)
            ? Runbooks.Renew(n)
            : new Runbook([new($"Re-issue {ChainCheck.PathOf(found)} with a 2048-bit RSA or P-256 key and a SHA-256 signature")], [Runbooks.Rerun()]);
}
