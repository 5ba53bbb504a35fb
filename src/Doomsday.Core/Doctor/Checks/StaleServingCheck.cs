using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Seed 001: certificates renewed on disk while the running process still serves the old one.
/// Compares what each component serves on its port with the file its manifest names.
/// </summary>
internal sealed class StaleServingCheck : IDoctorCheck
{
    public string Name => "stale-serving";

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var served in inputs.Served)
        {
            var address = new EndpointSourceRef(served.Target.Host, served.Target.Port, null).Address;
            var disk = inputs.CertificateAt(served.CertificateFile);
            if (disk is null)
            {
                report.Skip(Name, served.Component, $"{served.CertificateFile} could not be read");
                continue;
            }
            if (served.Result.Chain.Count == 0)
            {
                report.Skip(Name, served.Component, $"{address} did not present a certificate: {served.Result.Reason} {served.Result.Message}".TrimEnd());
                continue;
            }
            var live = served.Result.Chain[0];
            if (live.FingerprintSha256 == disk.Certificate.FingerprintSha256) continue;

            var diskIsNewer = disk.Certificate.NotBefore > live.NotBefore;
            var liveFound = new FoundCertificate(live, new EndpointSourceRef(served.Target.Host, served.Target.Port, served.Target.Sni, 0));
            var liveSeverity = inputs.Thresholds.Classify(live.NotBefore, live.NotAfter, inputs.Now);
            var severity = liveSeverity >= Severity.Critical || !diskIsNewer ? FindingSeverity.Critical : FindingSeverity.Warning;
            var summary = diskIsNewer
                ? $"{served.Component} serves an older certificate than {served.CertificateFile} on disk (served expires {live.NotAfter.UtcDateTime:yyyy-MM-dd}, disk {disk.Certificate.NotAfter.UtcDateTime:yyyy-MM-dd}): it was renewed but never reloaded"
                : $"{served.Component} serves a certificate that is not {served.CertificateFile} and not older than it: something else answers on {address}, or the manifest points elsewhere";

            var evidence = new List<Evidence>
            {
                new("component", served.Component),
                new("endpoint", address),
                new("certificate file", disk.Source.Display),
            };
            if (served.ManifestPath is not null) evidence.Add(new Evidence("manifest", served.ManifestPath));
            evidence.AddRange(EvidenceOf.Certificate("served", liveFound));
            evidence.AddRange(EvidenceOf.Certificate("disk", disk));

            var steps = served.Component == "kubelet"
                ? Kubelet.Restart()
                : StaticPods.Restart(ComponentEndpoints.PodOf(served.Component));
            if (!diskIsNewer)
            {
                steps =
                [
                    new RunbookStep($"Find the process listening on port {served.Target.Port}", $"sudo ss -ltnp 'sport = :{served.Target.Port}'", RunOn.ThisNode),
                    new RunbookStep($"Check which certificate file the {served.Component} manifest names", $"sudo grep -n -- '{served.CertificateFile}' /etc/kubernetes/manifests/*.yaml", RunOn.ThisNode),
                    .. steps,
                ];
            }
            var verify = new List<RunbookStep>
            {
                Verify.ServedFingerprint(address),
                Verify.DiskFingerprint(inputs.NodePath(served.CertificateFile)),
                new("The two SHA-256 fingerprints must be equal", null),
                Verify.Rerun(),
            };
            report.Add(new Finding(FindingIds.StaleServingCertificate, severity, served.Component, summary, evidence, new Runbook(steps, verify)));
        }
    }
}
