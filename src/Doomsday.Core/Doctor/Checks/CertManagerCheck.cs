using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Checks.Support;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// cert-manager <c>Certificate</c> resources that cert-manager itself says it cannot keep valid:
/// Ready=False (issuance or renewal failing), or a renewal time long past while the certificate
/// runs out. The expiry of the certificate in the Secret is reported by the validity check on
/// that Secret (certificate-expired / -expiring), not twice here; this says why renewal will not
/// save it, which an expiry date alone does not show.
/// </summary>
internal sealed class CertManagerCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    /// <summary>A renewal this late is not cert-manager being busy; it is cert-manager failing.</summary>
    public static readonly TimeSpan RenewalOverdue = TimeSpan.FromHours(1);

    public string Name => "cert-manager";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.ClusterObjects(FindingIds.CertManagerNotReady);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var cluster in inputs.Clusters.Where(ClusterReads.Readable))
        {
            foreach (var cert in cluster.CertManagerCertificates)
            {
                var overdue = cert.Ready != false && cert.RenewalTime is { } due && inputs.Now - due > RenewalOverdue
                              && cert.NotAfter is { } end && inputs.Thresholds.Classify(DateTimeOffset.MinValue, end, inputs.Now) >= Severity.Warning;
                if (cert.Ready == false || overdue) report.Add(NotReady(inputs, cluster.Context, cert, overdue));
            }
        }
    }

    private static Finding NotReady(DoctorInputs inputs, string ctx, CertManagerCertificate cert, bool overdue)
    {
        var left = cert.NotAfter is { } end ? inputs.Thresholds.Classify(DateTimeOffset.MinValue, end, inputs.Now) : Severity.Ok;
        // On the one scale (docs/severity.md): as urgent as the time the certificate has left, at least a warning.
        var severity = FindingSeverityNames.OfExpiry(left) is { } byDate && byDate > FindingSeverity.Warning ? byDate : FindingSeverity.Warning;
        var ends = cert.NotAfter is { } na
            ? na <= inputs.Now ? $"the certificate expired {Durations.FormatResidual(inputs.Now - na)} ago" : $"the certificate expires in {Durations.FormatResidual(na - inputs.Now)}"
            : "no certificate was issued yet";
        var summary = overdue
            ? $"cert-manager Certificate {cert.Namespace}/{cert.Name} was due for renewal at {ClusterTime.Format(cert.RenewalTime)} and was not renewed: {ends}"
            : $"cert-manager Certificate {cert.Namespace}/{cert.Name} is not Ready ({cert.ReadyReason ?? "no reason"}{(string.IsNullOrEmpty(cert.ReadyMessage) ? "" : ": " + cert.ReadyMessage)}): {ends}";
        return new Finding(FindingIds.CertManagerNotReady, severity, ClusterApi.Subject(ctx, "Certificate", cert.Namespace, cert.Name), summary,
            [
                new("cluster", ctx), new("certificate", $"{cert.Namespace}/{cert.Name}"), new("secret", cert.SecretName ?? "(none)"),
                new("Ready", cert.Ready switch { true => "True", false => "False", _ => "unknown" }),
                new("reason", cert.ReadyReason ?? ""), new("message", cert.ReadyMessage ?? ""),
                new("notAfter", ClusterTime.Format(cert.NotAfter)), new("renewalTime", ClusterTime.Format(cert.RenewalTime)),
            ],
            new Runbook(
                [
                    new("See its conditions and the last CertificateRequest", ClusterApi.Kubectl(ctx, $"-n {cert.Namespace} describe certificate {cert.Name}")),
                    new("The request, order and challenge say where issuance stops (issuer not ready, ACME challenge failing, CA secret missing)",
                        ClusterApi.Kubectl(ctx, $"-n {cert.Namespace} get certificaterequests,orders.acme.cert-manager.io,challenges.acme.cert-manager.io")),
                    new("cert-manager's own logs", ClusterApi.Kubectl(ctx, "-n cert-manager logs deploy/cert-manager --tail=100")),
                    new("After fixing the cause, ask for a renewal now (cmctl, cert-manager's CLI)", $"cmctl renew -n {cert.Namespace} {cert.Name}"),
                ],
                [
                    new("READY must be True", ClusterApi.Kubectl(ctx, $"-n {cert.Namespace} get certificate {cert.Name}")),
                    ClusterApi.Rerun(ctx),
                ]));
    }
}
