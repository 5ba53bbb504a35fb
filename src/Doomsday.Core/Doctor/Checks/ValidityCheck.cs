using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Kubeconfig;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Expired and soon-expiring certificates (each with its renewal runbook), and certificates not valid
/// yet (usually a clock that is wrong where one was issued or where it is checked). Severity follows the
/// one scale (docs/severity.md): warning within the warning threshold, critical within the critical
/// one, emergency within the emergency one, when expired or not yet valid: the word scan prints for the
/// same certificate. Two exceptions follow real impact: the kubelet's client certificate is judged by
/// <see cref="KubeletRotationCheck"/> (the kubelet rotates it), and the kubelet's self-signed serving
/// pair (<c>kubelet.crt</c>, a leaf and its own CA) is at most info: kubeadm never renews it, nothing in
/// a kubeadm cluster verifies it (the API server does not check the kubelet's serving certificate
/// unless <c>--kubelet-certificate-authority</c> is set), and the kubelet writes a new one when it starts
/// without one.
/// </summary>
internal sealed class ValidityCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    public string Name => "validity";

    public IReadOnlyList<FindingDeclaration> Emits { get; } =
        FindingDeclaration.Local(FindingIds.CertificateExpired, FindingIds.CertificateExpiring, FindingIds.NotYetValid);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var servingFile = inputs.Layout is { } layout ? Path.Combine(Path.GetFullPath(layout.KubeletPki), "kubelet.crt") : null;
        var serving = new List<FoundCertificate>();
        foreach (var found in inputs.Certificates)
        {
            var c = found.Certificate;
            if (!seen.Add(c.FingerprintSha256 + "|" + found.Name)) continue;
            if (KubeletRotationCheck.IsKubeletClient(found, inputs)) continue;
            var state = inputs.Thresholds.Classify(c.NotBefore, c.NotAfter, inputs.Now);
            if (FindingSeverityNames.OfExpiry(state) is not { } severity) continue;
            if (found.Source is FileSourceRef f && f.Path == servingFile)
            {
                serving.Add(found);
                continue;
            }
            // A caBundle that holds nothing valid is cabundle-expired, with what it breaks; not a second finding here.
            if (state is Severity.Expired or Severity.NotYetValid
                && found.Source is Sources.Cluster.ClusterSourceRef r && CaBundleCheck.BundleKinds.Contains(r.ObjectKind)) continue;
            report.Add(state == Severity.NotYetValid ? NotYetValid(found, inputs) : Expiry(found, state, severity, inputs));
        }
        if (serving.Count > 0) report.Add(KubeletServing(serving, inputs));
    }

    private static Finding NotYetValid(FoundCertificate found, DoctorInputs inputs)
    {
        var c = found.Certificate;
        var name = EvidenceOf.NameOf(found);
        return new Finding(FindingIds.NotYetValid, FindingSeverity.Emergency, name,
            $"{name} is not valid until {c.NotBefore.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({Durations.FormatResidual(c.NotBefore - inputs.Now)} from now): a clock is wrong, here or where it was issued",
            [.. EvidenceOf.Certificate("certificate", found), new Evidence("now", inputs.Now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"))],
            new Runbook(
                [
                    new("Check this node's clock and its time sync", "timedatectl; chronyc tracking", RunOn.ThisNode),
                    new("Check the clock where it was issued (the control-plane node for kubeadm certificates)", "date -u", RunOn.ControlPlane),
                    new("Fix the clock, then re-issue the certificate if it was issued with a wrong date"),
                ],
                [Verify.Rerun()]));
    }

    private static Finding Expiry(FoundCertificate found, Severity state, FindingSeverity severity, DoctorInputs inputs)
    {
        var c = found.Certificate;
        var name = EvidenceOf.NameOf(found);
        var expired = state == Severity.Expired;
        return new Finding(expired ? FindingIds.CertificateExpired : FindingIds.CertificateExpiring, severity, name,
            expired
                ? $"{name} expired on {c.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({Durations.FormatResidual(inputs.Now - c.NotAfter)} ago)"
                : $"{name} expires on {c.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC, in {Durations.FormatResidual(c.NotAfter - inputs.Now)}",
            [.. EvidenceOf.Certificate("certificate", found)],
            Renewal(found, inputs));
    }

    private static Runbook Renewal(FoundCertificate found, DoctorInputs inputs)
    {
        var n = found.Name;
        if (n is N.Ca or N.EtcdCa or N.FrontProxyCa) return new Runbook(CaRotation.Plan(n), [Kubeadm.CheckExpiration(), Verify.Rerun()]);
        if (n is not null && Kubeadm.Renewable.Contains(n))
        {
            var verify = new List<RunbookStep> { Kubeadm.CheckExpiration() };
            if (n == N.Apiserver) verify.Add(Verify.ServedFingerprint("127.0.0.1:6443"));
            if (n == N.EtcdServer) verify.Add(Verify.ServedFingerprint("127.0.0.1:2379"));
            verify.Add(Verify.Rerun());
            if (ExternallyManaged(found, inputs))
            {
                return new Runbook(
                    [
                        .. Kubeadm.RenewWithExternalCa(n),
                        .. Kubeadm.Users(n),
                    ],
                    verify);
            }
            return new Runbook(Kubeadm.Renew(n), verify);
        }
        if (found.Source is KubeconfigSourceRef { EmbeddedKind: "user" } user && found.Certificate.SubjectCommonName == "kubernetes-admin")
        {
            // A copy of kubeadm's admin.conf (~/.kube/config): renewing admin.conf does not update the copy.
            var admin = inputs.Certificates.FirstOrDefault(c => c.Name == N.AdminConf);
            var adminFresh = admin is not null && admin.Certificate.NotAfter > found.Certificate.NotAfter
                             && inputs.Thresholds.Classify(admin.Certificate.NotBefore, admin.Certificate.NotAfter, inputs.Now) == Severity.Ok;
            var copy = inputs.NodePath(user.Path);
            IReadOnlyList<RunbookStep> refresh = adminFresh
                ? [new($"{copy} is an old copy of kubeadm's admin.conf, which was renewed since: copy it again"), Kubeconfigs.RefreshUserCopy()]
                : [new($"{copy} is a copy of kubeadm's admin.conf: renew admin.conf, then copy it again"), .. Kubeadm.Renew(N.AdminConf).Select(s => s with { On = RunOn.ControlPlane })];
            return new Runbook(refresh, [new("kubectl must authenticate", "kubectl auth whoami", RunOn.ControlPlane)]);
        }
        var file = Places.ReadableFileOf(found, inputs, out var extract);
        var steps = new List<RunbookStep>();
        if (extract is not null) steps.Add(extract);
        steps.Add(new($"Re-issue {EvidenceOf.NameOf(found)} from its CA and restart what serves or uses it"));
        return new Runbook(steps, file is null ? [Verify.Rerun()] : [new("Check the new dates", $"sudo openssl x509 -in {file} -noout -dates", RunOn.ThisNode), Verify.Rerun()]);
    }

    /// <summary>
    /// kubeadm's external CA mode: the issuing CA's key is absent from pki/ while the other keys are there (a copy
    /// of a tree made without any key says nothing), and <c>kubeadm certs renew</c> renews nothing.
    /// </summary>
    private static bool ExternallyManaged(FoundCertificate found, DoctorInputs inputs)
    {
        if (inputs.Layout is null || found.Authority is not { } authority || inputs.Named(authority) is not { Source: FileSourceRef ca }) return false;
        var dir = Path.GetDirectoryName(ca.Path);
        return !File.Exists(ca.Path[..^".crt".Length] + ".key") && dir is not null && Directory.EnumerateFiles(dir, "*.key").Any();
    }

    private static Finding KubeletServing(List<FoundCertificate> pair, DoctorInputs inputs)
    {
        var leaf = pair.OrderBy(p => p.Certificate.IsCa).First();
        var c = leaf.Certificate;
        var expired = inputs.Now >= pair.Min(p => p.Certificate.NotAfter);
        return new Finding(expired ? FindingIds.CertificateExpired : FindingIds.CertificateExpiring, FindingSeverity.Info, "kubelet.crt",
            $"the kubelet's self-signed serving certificate {(expired ? "expired on" : "expires on")} {pair.Min(p => p.Certificate.NotAfter).UtcDateTime:yyyy-MM-dd}: "
            + "nothing in a kubeadm cluster verifies it, kubeadm never renews it, and the kubelet writes a new one when it starts without one",
            [.. pair.SelectMany(p => EvidenceOf.Certificate(p.Certificate.IsCa ? "its CA" : "serving", p))],
            new Runbook(Kubelet.RegenerateServing(), [Kubelet.ServingDates(), Verify.Rerun()]));
    }
}
