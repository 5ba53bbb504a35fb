using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Checks.Support;
using Doomsday.Core.Doctor.Plans;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Seed 001: the certificate a component serves on its port against the file its manifest names.
/// Fingerprint first; then, for a renewal of the same certificate, which is newer by notAfter (then
/// serial), never by notBefore (<see cref="ServedComparison"/>). The two directions get opposite
/// advice: a newer file is loaded by a restart, an older file (a backup put back over a renewed tree)
/// would be loaded by the same restart and take the component down.
/// </summary>
internal sealed class StaleServingCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    /// <summary>Components that re-read their serving certificate by themselves, and how (for the evidence).</summary>
    private static readonly Dictionary<string, string> Reloads = new(StringComparer.Ordinal)
    {
        // apiserver: DynamicCertKeyPairContent (k8s.io/apiserver dynamiccertificates) re-reads --tls-cert-file about once a minute.
        ["apiserver"] = "kube-apiserver re-reads its serving certificate about once a minute, and keeps the old one when the new pair does not load (a key that does not match)",
        // etcd: client/pkg/transport TLSInfo sets GetCertificate, which reads the files on every new connection.
        ["etcd"] = "etcd reads its certificate files on every new connection",
        ["etcd-peer"] = "etcd reads its certificate files on every new connection",
    };

    public string Name => "stale-serving";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.Local(FindingIds.StaleServingCertificate);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var served in inputs.Served)
        {
            if (served.CertificateFile is not { } file) continue; // made in memory at start: ComponentStartCheck
            if (served.Result.Chain.Count == 0)
            {
                // Not answering at all is a finding of its own (ComponentAnswerCheck); an answer without a certificate is noted here.
                if (!Silence.IsNotAnswering(served.Result))
                {
                    var at = new EndpointSourceRef(served.Target.Host, served.Target.Port, null).Address;
                    report.Skip(Name, served.Component, $"{at} did not present a certificate: {served.Result.Reason} {served.Result.Message}".TrimEnd());
                }
                continue;
            }
            var disk = inputs.CertificateAt(file);
            if (disk is null)
            {
                report.Skip(Name, served.Component, $"{file} could not be read");
                continue;
            }
            var live = served.Result.Chain[0];
            var comparison = ServedComparison.Compare(live, disk.Certificate);
            if (comparison == ServedVersusDisk.Same) continue;
            report.Add(Finding(inputs, served, file, live, disk, comparison));
        }
    }

    private static Finding Finding(DoctorInputs inputs, ServedComponent served, string file, CertificateInfo live, FoundCertificate disk, ServedVersusDisk comparison)
    {
        var address = new EndpointSourceRef(served.Target.Host, served.Target.Port, null).Address;
        var liveFound = new FoundCertificate(live, new EndpointSourceRef(served.Target.Host, served.Target.Port, served.Target.Sni, 0));
        var now = inputs.Now;
        var servedState = State(live, now);
        var diskState = State(disk.Certificate, now);
        var pod = ComponentEndpoints.PodOf(served.Component);
        // On the one scale (docs/severity.md): what the running process presents is rated by its dates, so a
        // served certificate that has expired (or has less than the emergency threshold left) is an emergency,
        // like certificate-expired; never less than warning, since the process does not match its file.
        var servedSeverity = FindingSeverityNames.OfExpiry(inputs.Thresholds.Classify(live.NotBefore, live.NotAfter, now)) ?? FindingSeverity.Warning;
        var (severity, summary) = comparison switch
        {
            ServedVersusDisk.DiskNewer => (
                servedSeverity,
                $"{served.Component} on {address} serves a certificate that {servedState}, although {file} on disk was renewed (it {diskState}): " +
                "the running process has not loaded the renewed file; restart it"),
            ServedVersusDisk.DiskOlder => (
                servedSeverity == FindingSeverity.Emergency ? FindingSeverity.Emergency
                : inputs.Thresholds.Classify(disk.Certificate.NotBefore, disk.Certificate.NotAfter, now) >= Severity.Critical ? FindingSeverity.Critical : FindingSeverity.Warning,
                $"{served.Component} on {address} serves a certificate that {servedState}, newer than {file} on disk (it {diskState}): " +
                $"an older copy was put back over the renewed file; do NOT restart {pod} before renewing it, a restart would load the older certificate"),
            _ => (servedSeverity == FindingSeverity.Emergency ? FindingSeverity.Emergency : FindingSeverity.Critical,
                $"{served.Component} on {address} serves a certificate that {servedState}, issued to {live.Subject} by {live.Issuer}, " +
                $"not a version of {file} ({disk.Certificate.Subject}): something else answers on this port, or the manifest names another file"),
        };

        var evidence = new List<Evidence>
        {
            new("component", served.Component),
            new("endpoint", address),
            new("certificate file", disk.Source.Display),
            new("compared", comparison switch
            {
                ServedVersusDisk.DiskNewer => "same certificate identity; the file on disk expires later: it is newer",
                ServedVersusDisk.DiskOlder => "same certificate identity; the served one expires later: the file on disk is older",
                _ => "different subject, issuer or issuing key",
            }),
        };
        if (served.ManifestPath is not null) evidence.Add(new Evidence("manifest", served.ManifestPath));
        if (Reloads.TryGetValue(served.Component, out var reload)) evidence.Add(new Evidence("reload", reload));
        evidence.AddRange(EvidenceOf.Certificate("served", liveFound));
        evidence.AddRange(EvidenceOf.Certificate("disk", disk));

        var verify = new List<RunbookStep> { Components.CompareServed(served.Component, address, file), Verify.Rerun() };
        var steps = comparison switch
        {
            ServedVersusDisk.DiskNewer => served.Component == "kubelet"
                ? [.. Kubelet.Restart()]
                : Components.RestartAfterRenewal(inputs, served.Target),
            ServedVersusDisk.DiskOlder => DiskOlderSteps(inputs, served, file, disk, pod, diskState),
            _ => OtherSteps(inputs, served, file, pod),
        };
        return new Finding(FindingIds.StaleServingCertificate, severity, served.Component, summary, evidence, new Runbook(steps, verify));
    }

    /// <summary>"expired 3d ago (2026-01-02)", "expires in 12d (2026-02-01)", "is not valid until ...".</summary>
    internal static string State(CertificateInfo c, DateTimeOffset now)
    {
        if (now >= c.NotAfter) return $"expired {Durations.FormatResidual(now - c.NotAfter)} ago ({c.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC)";
        if (now < c.NotBefore) return $"is not valid until {c.NotBefore.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
        return $"expires in {Durations.FormatResidual(c.NotAfter - now)} ({c.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC)";
    }

    private static IReadOnlyList<RunbookStep> DiskOlderSteps(DoctorInputs inputs, ServedComponent served, string file, FoundCertificate disk, string pod, string diskState)
    {
        var urgency = served.Component == "apiserver"
            ? "; kube-apiserver re-reads the file about once a minute and will switch to it by itself, so put the newer certificate in place now"
            : "";
        var on = Components.Where(served.Target);
        var steps = new List<RunbookStep>
        {
            // A hold: a consolidated plan restarts nothing of this component (DoctorPlanner).
            new($"{Components.OnNodeOf(inputs, served.Target)}: do NOT restart {pod} and do not move its manifest yet. A restart loads {file}, which {diskState}; " +
                $"the running process still serves the newer certificate it loaded earlier{urgency}", null, null, PlanStage.Hold, pod),
            new("Back up the tree as it is now", "sudo cp -a /etc/kubernetes /etc/kubernetes.bak.$(date +%F-%H%M%S)", RunOn.ThisNode),
        };
        if (disk.Name is { } name && Kubeadm.Renewable.Contains(name))
        {
            steps.Add(new($"Either put back the newer {file} and its key from the copy taken before the older files were restored, or renew it: " +
                "a renewal writes a certificate newer than the one served", $"sudo kubeadm certs renew {name}", RunOn.ThisNode));
        }
        else
        {
            steps.Add(new($"Put back the newer {file} and its key from the copy taken before the older files were restored, or re-issue it from its CA"));
        }
        steps.Add(new($"Check that {file} on disk now expires later than the certificate served", $"sudo openssl x509 -in {file} -noout -enddate", RunOn.ThisNode));
        steps.Add(new($"Only then restart {pod}, so that it loads the newer file"));
        steps.AddRange(served.Component == "kubelet" ? Kubelet.Restart() : StaticPods.Restart(pod, on));
        return steps;
    }

    private static IReadOnlyList<RunbookStep> OtherSteps(DoctorInputs inputs, ServedComponent served, string file, string pod) =>
    [
        new($"{Components.OnNodeOf(inputs, served.Target)}: find the process listening on port {served.Target.Port}", $"sudo ss -ltnp 'sport = :{served.Target.Port}'", Components.Where(served.Target)),
        new($"Check which certificate file the {served.Component} manifest names", $"sudo grep -n -- '{file}' {StaticPods.ManifestsDir}/*.yaml", Components.Where(served.Target)),
        new($"If the listener is {pod} itself and its manifest names {file}, restart it so that it loads that file"),
        .. served.Component == "kubelet" ? Kubelet.Restart() : StaticPods.Restart(pod, Components.Where(served.Target)),
    ];
}
