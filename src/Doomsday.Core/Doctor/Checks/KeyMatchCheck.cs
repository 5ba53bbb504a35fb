using Doomsday.Core.Inventory;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>A private key found beside a certificate (sibling .key, combined file, kubeconfig client-key) must be its key.</summary>
internal sealed class KeyMatchCheck : IDoctorCheck
{
    public string Name => "key";

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var found in inputs.Certificates.Where(c => c.KeyMatches == false))
        {
            var name = EvidenceOf.NameOf(found);
            var path = ChainCheck.PathOf(found);
            var keyPath = path.EndsWith(".crt", StringComparison.Ordinal) ? path[..^4] + ".key" : path;
            var steps = new List<RunbookStep>
            {
                new("Compare the public key of the certificate and of the key (the two digests must be equal)",
                    $"openssl x509 -in {path} -noout -pubkey | openssl sha256; openssl pkey -in {keyPath} -pubout | openssl sha256"),
            };
            if (found.Name is { } n && Runbooks.Renewable.Contains(n))
            {
                steps.Add(new("A renewal writes a matching pair", $"sudo kubeadm certs renew {n}"));
                if (Runbooks.ComponentUsing(n) is { } component) steps.AddRange(Runbooks.RestartStaticPod(component));
            }
            else
            {
                steps.Add(new("Restore the key that belongs to this certificate from backup, or re-issue both together"));
            }
            report.Add(new Finding(FindingIds.KeyMismatch, FindingSeverity.Critical, name,
                $"the private key beside {name} does not belong to it: whatever uses the pair fails its TLS handshakes",
                [.. EvidenceOf.Certificate("certificate", found)],
                new Runbook(steps, [Runbooks.Rerun()])));
        }
    }
}
