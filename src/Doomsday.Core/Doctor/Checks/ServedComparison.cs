using Doomsday.Core.Certificates;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>How the certificate a component serves relates to the file its manifest names.</summary>
internal enum ServedVersusDisk
{
    /// <summary>The same certificate (SHA-256 of the DER).</summary>
    Same,

    /// <summary>Same identity, the file is newer: renewed on disk, not loaded by the running process.</summary>
    DiskNewer,

    /// <summary>Same identity, the file is older: an older copy (a backup) was put back while the process serves the newer one.</summary>
    DiskOlder,

    /// <summary>Another subject or issuer, or no way to tell which is newer: something else answers.</summary>
    OtherIdentity,
}

/// <summary>
/// Decides which of two certificates of one component is newer without trusting notBefore:
/// <c>kubeadm certs renew</c> keeps a renewed leaf's notBefore at its CA's notBefore in the releases
/// most clusters run (kubernetes/kubernetes#113618; cmd/kubeadm/app/util/pkiutil NewSignedCert), so
/// only notAfter, serial and key change. notAfter decides; equal notAfter falls back to the serial.
/// </summary>
internal static class ServedComparison
{
    public static ServedVersusDisk Compare(CertificateInfo served, CertificateInfo disk)
    {
        if (served.FingerprintSha256 == disk.FingerprintSha256) return ServedVersusDisk.Same;
        if (!SameIdentity(served, disk)) return ServedVersusDisk.OtherIdentity;
        var order = disk.NotAfter.CompareTo(served.NotAfter);
        if (order == 0) order = CompareSerials(disk.SerialNumber, served.SerialNumber);
        return order switch
        {
            > 0 => ServedVersusDisk.DiskNewer,
            < 0 => ServedVersusDisk.DiskOlder,
            _ => ServedVersusDisk.OtherIdentity,
        };
    }

    /// <summary>Same subject and issuer, and the same issuing key when both name one: a renewal of the same certificate.</summary>
    public static bool SameIdentity(CertificateInfo a, CertificateInfo b) =>
        a.Subject == b.Subject && a.Issuer == b.Issuer
        && (a.AuthorityKeyId is null || b.AuthorityKeyId is null || a.AuthorityKeyId == b.AuthorityKeyId);

    /// <summary>Serials as unsigned integers (uppercase hex of the DER content octets).</summary>
    private static int CompareSerials(string a, string b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
    }
}
