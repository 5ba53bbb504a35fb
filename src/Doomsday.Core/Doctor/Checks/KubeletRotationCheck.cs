using Doomsday.Core.Formats;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// kubelet.conf must point at a client certificate that exists and is the newest one the kubelet
/// rotated (<c>kubelet-client-current.pem</c> links to the latest <c>kubelet-client-*.pem</c>).
/// A client certificate embedded in kubelet.conf cannot be rotated at all.
/// </summary>
internal sealed class KubeletRotationCheck : IDoctorCheck
{
    public string Name => "kubelet-rotation";

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        var kubelet = inputs.Kubeconfigs.FirstOrDefault(k => Path.GetFileName(k.Path) == "kubelet.conf");
        if (kubelet is null) return;
        foreach (var user in kubelet.Users)
        {
            var missing = inputs.Errors.FirstOrDefault(e => e.Source is KubeconfigSourceRef k && k.Path == kubelet.Path && k.EmbeddedName == user.Name && e.Reason == ReasonCodes.NotFound);
            if (missing is not null)
            {
                var file = ((KubeconfigSourceRef)missing.Source).ReferencedPath ?? "";
                if (!inputs.IsLiveNode)
                {
                    report.Skip(Name, "kubelet.conf", $"{file} is not part of this copy of the node's tree");
                    continue;
                }
                report.Add(new Finding(FindingIds.KubeletClientRotation, FindingSeverity.Critical, "kubelet.conf",
                    $"kubelet.conf names the client certificate {file}, which does not exist: the kubelet cannot authenticate and the node goes NotReady",
                    [new("kubeconfig", kubelet.Path), new("missing file", file), new("detail", missing.Message)],
                    new Runbook(
                        [
                            new("See which rotated certificates are left", "ls -l /var/lib/kubelet/pki/"),
                            new("Point the link at the newest one", "sudo ln -sf $(ls -1t /var/lib/kubelet/pki/kubelet-client-2*.pem | head -1) /var/lib/kubelet/pki/kubelet-client-current.pem"),
                            .. Runbooks.RestartKubelet(),
                        ],
                        [Runbooks.Rerun()])));
                continue;
            }
            var client = inputs.InKubeconfig(kubelet.Path, "user", user.Name).FirstOrDefault();
            if (client?.Source is not KubeconfigSourceRef source) continue;
            if (source.ReferencedPath is null)
            {
                report.Add(new Finding(FindingIds.KubeletClientRotation, FindingSeverity.Warning, "kubelet.conf",
                    "kubelet.conf embeds its client certificate (client-certificate-data), so the kubelet's rotated certificates are never used and this one expires with nobody renewing it",
                    [new("kubeconfig", kubelet.Path), .. EvidenceOf.Certificate("embedded client", client)],
                    new Runbook(
                        [
                            new("Back up kubelet.conf", $"sudo cp {kubelet.Path} {kubelet.Path}.bak"),
                            new("Point client-certificate and client-key at the rotated file instead of embedded data",
                                "sudo sed -i 's#client-certificate-data:.*#client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem#; s#client-key-data:.*#client-key: /var/lib/kubelet/pki/kubelet-client-current.pem#' /etc/kubernetes/kubelet.conf"),
                            .. Runbooks.RestartKubelet(),
                        ],
                        [Runbooks.Rerun()])));
                continue;
            }
            CheckNewest(inputs, report, client, source.ReferencedPath);
        }
    }

    private static void CheckNewest(DoctorInputs inputs, DoctorReport report, FoundCertificate current, string currentPath)
    {
        var dir = Path.GetDirectoryName(currentPath);
        if (dir is null || !Directory.Exists(dir)) return;
        FoundCertificate? newest = null;
        string? newestPath = null;
        foreach (var file in Directory.EnumerateFiles(dir, "kubelet-client-*.pem"))
        {
            if (Path.GetFileName(file) == "kubelet-client-current.pem") continue;
            if (!FileReader.TryRead(file, 1024 * 1024, out var bytes, out _, out _)) continue;
            var decoded = CertificateDecoder.Decode(bytes);
            if (decoded.Certificates.FirstOrDefault() is not { } c) continue;
            if (newest is null || c.Info.NotBefore > newest.Certificate.NotBefore)
            {
                newest = new FoundCertificate(c.Info, new FileSourceRef(file, 0));
                newestPath = file;
            }
        }
        if (newest is null || newest.Certificate.NotBefore <= current.Certificate.NotBefore) return;
        report.Add(new Finding(FindingIds.KubeletClientRotation, FindingSeverity.Warning, "kubelet.conf",
            $"the kubelet rotated to {Path.GetFileName(newestPath)} but {currentPath} still holds an older certificate: the kubelet keeps using the older one until it expires",
            [.. EvidenceOf.Certificate("current", current), .. EvidenceOf.Certificate("newest", newest)],
            new Runbook(
                [
                    new("Point the link at the newest rotated certificate", $"sudo ln -sf {newestPath} {currentPath}"),
                    .. Runbooks.RestartKubelet(),
                ],
                [new("The link must name the newest file", $"ls -l {currentPath}"), Runbooks.Rerun()])));
    }
}
