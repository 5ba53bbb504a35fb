using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Kubeadm;

namespace Doomsday.Watch.Renewal;

/// <summary>
/// Stage 3's second half, whichever renewer ran: every renewed file is read again and must hold a new
/// certificate (new serial and fingerprint, notAfter in the future), of the same identity (subject, DNS
/// and IP SANs, extended key usages, issuer), whose key is the one beside it, signed by its CA on disk.
/// </summary>
internal static class RenewedFilesCheck
{
    public static async Task<(List<RenewedCertificate> Renewed, List<string> Problems)> CheckAsync(
        RenewalPlan plan, IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sink = new CollectingSink();
        await Scanner.RunAsync([new KubeadmSource(new KubeadmLayout(plan.Root), new ScanOptions())], sink, cancellationToken).ConfigureAwait(false);
        var renewed = new List<RenewedCertificate>();
        var problems = new List<string>();
        foreach (var planned in plan.ToRenew.Where(c => names.Contains(c.Name)))
        {
            var found = sink.Certificates.FirstOrDefault(c => c.Name == planned.Name && c.Source is FileSourceRef or KubeconfigSourceRef { EmbeddedKind: "user" });
            var old = planned.Current!;
            if (found is null)
            {
                problems.Add($"{planned.File}: no certificate could be read after the renewal");
                continue;
            }
            var fresh = found.Certificate;
            var why = new List<string>();
            if (fresh.FingerprintSha256 == old.FingerprintSha256) why.Add("the certificate is unchanged");
            else if (fresh.SerialNumber == old.SerialNumber) why.Add($"the serial {fresh.SerialNumber} is the old one");
            if (fresh.NotAfter <= now) why.Add($"it expires {fresh.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC, not in the future");
            if (fresh.Subject != old.Subject) why.Add($"subject {fresh.Subject}, was {old.Subject}");
            if (fresh.Issuer != old.Issuer) why.Add($"issuer {fresh.Issuer}, was {old.Issuer}");
            if (!SameSet(fresh.Sans.Dns, old.Sans.Dns) || !SameSet(fresh.Sans.Ip, old.Sans.Ip))
            {
                why.Add($"SANs {Sans(fresh)}, were {Sans(old)}");
            }
            if (!SameSet(fresh.ExtendedKeyUsage, old.ExtendedKeyUsage)) why.Add($"extended key usage {string.Join(",", fresh.ExtendedKeyUsage)}, was {string.Join(",", old.ExtendedKeyUsage)}");
            if (found.KeyMatches != true) why.Add(found.KeyMatches is null ? "no private key found with it" : "its private key does not match it");
            var ca = sink.Certificates.FirstOrDefault(c => c.Name == planned.Authority && c.Source is FileSourceRef)?.Certificate;
            if (ca is null || SignatureVerifier.IsSignedBy(fresh, ca) != true) why.Add($"it is not signed by {RenewalPlanner.CaCertFile(planned.Authority)}");
            if (why.Count > 0) problems.Add($"{planned.File}: {string.Join("; ", why)}");
            else renewed.Add(new RenewedCertificate(planned.Name, planned.File, old, fresh));
        }
        return (renewed, problems);
    }

    private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) => a.ToHashSet(StringComparer.Ordinal).SetEquals(b);

    private static string Sans(CertificateInfo c) => string.Join(",", c.Sans.Dns.Concat(c.Sans.Ip));
}
