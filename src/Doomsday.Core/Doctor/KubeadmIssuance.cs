using Doomsday.Core.Certificates;
using Doomsday.Core.Pki;

namespace Doomsday.Core.Doctor;

/// <summary>When kubeadm signed a certificate, read from its dates, and how that was read.</summary>
internal sealed record IssuedAt(DateTimeOffset At, string How);

/// <summary>
/// Dates a kubeadm-signed certificate. kubeadm's <c>pkiutil.NewSignedCert</c> sets notAfter to the
/// signing time + 365 days and, in the releases most clusters run, notBefore to the CA's notBefore
/// (kubernetes/kubernetes#113618), so notBefore says nothing about a renewal; releases with v1beta4's
/// <c>certificateValidityPeriod</c> start notBefore at the signing time, back-dated 5 minutes
/// (<c>CertificateBackdate</c>). Both are told apart by the leaf sharing its CA's notBefore, or by a
/// validity longer than a year.
/// </summary>
internal static class KubeadmIssuance
{
    public static IssuedAt Of(CertificateInfo leaf, CertificateInfo? issuer)
    {
        var keepsCaNotBefore = issuer is not null && leaf.NotBefore == issuer.NotBefore;
        if (keepsCaNotBefore || leaf.NotAfter - leaf.NotBefore > KubeadmRenewal.DefaultValidity + TimeSpan.FromHours(1))
        {
            return new IssuedAt(leaf.NotAfter - KubeadmRenewal.DefaultValidity,
                "notAfter - 365 days (kubeadm keeps a renewed certificate's notBefore at its CA's; only notAfter dates the renewal)");
        }
        return new IssuedAt(leaf.NotBefore + KubeadmRenewal.Backdate, "notBefore + 5 minutes (kubeadm back-dates a new certificate by 5 minutes)");
    }
}
