using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Formats;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Sources.Kubeconfig;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// The kubelet's client certificate, as the kubelet keeps it (<see cref="Kubelet"/>): kubelet.conf names
/// <c>kubelet-client-current.pem</c>, a link to the newest rotated <c>kubelet-client-&lt;date&gt;.pem</c>.
/// Owns every finding about it, its dates included: an expired one takes the node NotReady, while one the
/// kubelet will rotate by itself (<c>rotateCertificates: true</c>, before 90 % of its life) is only info.
/// A link left on an expired file while a valid rotated one sits beside it is critical: the node is down
/// and one <c>ln</c> brings it back. A client certificate embedded in kubelet.conf is read only while it
/// is valid: once it expires the kubelet falls back to a bootstrap kubeconfig kubeadm has deleted, and
/// does not start (kubeadm before 1.17 left such kubelet.confs on control-plane nodes).
/// </summary>
internal sealed class KubeletRotationCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    public string Name => "kubelet-rotation";

    public IReadOnlyList<FindingDeclaration> Emits { get; } =
        FindingDeclaration.Local(FindingIds.KubeletClientRotation, FindingIds.CertificateExpired, FindingIds.CertificateExpiring, FindingIds.NotYetValid);

    /// <summary>
    /// True for the kubelet's client certificate (through kubelet.conf, or the -current/rotated files) on a node
    /// whose kubelet.conf was read: this check rates its dates then.
    /// </summary>
    public static bool IsKubeletClient(FoundCertificate found, DoctorInputs inputs) =>
        (found.Name == Sources.Kubeadm.KubeadmNames.KubeletConf
         || found.Source is FileSourceRef f && Path.GetFileName(f.Path).StartsWith("kubelet-client-", StringComparison.Ordinal))
        && inputs.Kubeconfigs.Any(k => Path.GetFileName(k.Path) == Sources.Kubeadm.KubeadmNames.KubeletConf);

    private sealed record Rotated(string Path, FoundCertificate Certificate, bool Usable);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        var kubelet = inputs.Kubeconfigs.FirstOrDefault(k => Path.GetFileName(k.Path) == "kubelet.conf");
        if (kubelet is null) return;
        var rotation = inputs.Kubelet?.RotateCertificates;
        foreach (var user in kubelet.Users)
        {
            var server = kubelet.ClustersOfUser(user.Name).FirstOrDefault()?.Server ?? kubelet.Clusters.FirstOrDefault()?.Server;
            var missing = inputs.Errors.FirstOrDefault(e => e.Source is KubeconfigSourceRef k && k.Path == kubelet.Path && k.EmbeddedName == user.Name && e.Reason == ReasonCodes.NotFound);
            if (missing is not null)
            {
                Missing(inputs, report, kubelet, ((KubeconfigSourceRef)missing.Source).ReferencedPath ?? "", missing.Message, server);
                continue;
            }
            var client = inputs.InKubeconfig(kubelet.Path, "user", user.Name).FirstOrDefault();
            if (client?.Source is not KubeconfigSourceRef source) continue;
            var rotated = RotatedFiles(inputs, source.ReferencedPath ?? inputs.Layout?.Map(Kubelet.CurrentClient) ?? Kubelet.CurrentClient);
            if (source.ReferencedPath is null)
            {
                Embedded(inputs, report, kubelet, client, rotated, rotation, server);
                continue;
            }
            Current(inputs, report, kubelet, client, source.ReferencedPath, rotated, rotation, server);
        }
    }

    private void Missing(DoctorInputs inputs, DoctorReport report, KubeconfigDocument kubelet, string file, string detail, string? server)
    {
        if (!inputs.IsLiveNode && !Directory.Exists(Path.GetDirectoryName(file)))
        {
            report.Skip(Name, "kubelet.conf", $"{file} is not part of this copy of the node's tree");
            return;
        }
        var newest = Newest(RotatedFiles(inputs, file), inputs.Now);
        var steps = newest is not null ? Kubelet.PointCurrentAt(inputs.NodePath(newest.Path)) : server is null ? [] : Kubelet.Bootstrap(null, server);
        report.Add(new Finding(FindingIds.KubeletClientRotation, FindingSeverity.Critical, "kubelet.conf",
            $"kubelet.conf names the client certificate {inputs.NodePath(file)}, which does not exist: the kubelet cannot authenticate and the node goes NotReady",
            [new("kubeconfig", kubelet.Path), new("missing file", file), new("detail", detail), .. newest is null ? [] : EvidenceOf.Certificate("newest valid rotated", newest.Certificate)],
            new Runbook(steps, [Kubelet.ClientDates(), Kubelet.IsActive(), Verify.Rerun()])));
    }

    private static void Embedded(DoctorInputs inputs, DoctorReport report, KubeconfigDocument kubelet, FoundCertificate client, List<Rotated> rotated, bool? rotation, string? server)
    {
        var c = client.Certificate;
        var state = inputs.Thresholds.Classify(c.NotBefore, c.NotAfter, inputs.Now);
        var byDate = FindingSeverityNames.OfExpiry(state);
        var store = Newest(rotated, inputs.Now);
        if (state is Severity.Expired or Severity.NotYetValid && store is null)
        {
            // Nothing valid to point kubelet.conf at: the kubelet needs a new certificate, which bootstrapping writes along with a kubelet.conf that names it.
            report.Add(new Finding(state == Severity.Expired ? FindingIds.CertificateExpired : FindingIds.NotYetValid, FindingSeverity.Emergency, "kubelet.conf",
                $"the client certificate embedded in kubelet.conf {(state == Severity.Expired ? $"expired on {c.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "is not valid yet")} and the kubelet has no valid rotated one: it cannot authenticate and the node is NotReady",
                [new("kubeconfig", kubelet.Path), new("rotateCertificates", rotation?.ToString().ToLowerInvariant() ?? "unknown"), .. EvidenceOf.Certificate("embedded client", client)],
                new Runbook(server is null ? [] : Kubelet.Bootstrap(NodeName(c), server), [Kubelet.ClientDates(), Kubelet.IsActive(), Verify.Rerun()])));
            return;
        }
        // With rotation on and a valid rotated certificate, the embedded one is only the kubelet's starting point: a risk for later.
        var severity = rotation == true && store is not null
            ? byDate is { } d && d >= FindingSeverity.Critical ? d : FindingSeverity.Info
            : byDate is { } e && e > FindingSeverity.Warning ? e : FindingSeverity.Warning;
        var path = inputs.NodePath(kubelet.Path);
        report.Add(new Finding(FindingIds.KubeletClientRotation, severity, "kubelet.conf",
            "kubelet.conf embeds its client certificate (client-certificate-data), valid until " + $"{c.NotAfter.UtcDateTime:yyyy-MM-dd}" +
            ": when it expires the kubelet no longer starts, whatever it rotated since; kubelet.conf must name kubelet-client-current.pem",
            [new("kubeconfig", kubelet.Path), new("rotateCertificates", rotation?.ToString().ToLowerInvariant() ?? "unknown"), .. EvidenceOf.Certificate("embedded client", client),
             .. store is null ? [] : EvidenceOf.Certificate("rotated", store.Certificate)],
            new Runbook(
                [
                    Kubeconfigs.Backup(path),
                    new("Point client-certificate and client-key at the file the kubelet rotates, instead of embedded data (kubeadm's documented fix)",
                        $"sudo sed -i 's#client-certificate-data:.*#client-certificate: {Kubelet.CurrentClient}#; s#client-key-data:.*#client-key: {Kubelet.CurrentClient}#' {path}",
                        RunOn.ThisNode),
                    .. Kubelet.Restart(),
                ],
                [Kubelet.IsActive(), Verify.Rerun()])));
    }

    private static void Current(DoctorInputs inputs, DoctorReport report, KubeconfigDocument kubelet, FoundCertificate current, string currentPath,
        List<Rotated> rotated, bool? rotation, string? server)
    {
        var c = current.Certificate;
        var state = inputs.Thresholds.Classify(c.NotBefore, c.NotAfter, inputs.Now);
        var newest = Newest(rotated.Where(r => r.Certificate.Certificate.FingerprintSha256 != c.FingerprintSha256), inputs.Now);
        var linkEvidence = LinkEvidence(inputs, currentPath);
        if (state is Severity.Expired or Severity.NotYetValid)
        {
            if (newest is not null)
            {
                report.Add(new Finding(FindingIds.KubeletClientRotation, FindingSeverity.Critical, "kubelet.conf",
                    $"kubelet-client-current.pem points at a certificate that {(state == Severity.Expired ? $"expired on {c.NotAfter.UtcDateTime:yyyy-MM-dd}" : "is not valid yet")}, while {Path.GetFileName(newest.Path)} beside it is valid: the node is NotReady until the link names the valid one",
                    [.. linkEvidence, .. EvidenceOf.Certificate("current", current), .. EvidenceOf.Certificate("valid rotated", newest.Certificate)],
                    new Runbook(Kubelet.PointCurrentAt(inputs.NodePath(newest.Path)), [Kubelet.ClientDates(), Kubelet.IsActive(), Verify.Rerun()])));
                return;
            }
            var node = NodeName(c);
            report.Add(new Finding(state == Severity.Expired ? FindingIds.CertificateExpired : FindingIds.NotYetValid, FindingSeverity.Emergency, "kubelet.conf",
                state == Severity.Expired
                    ? $"the kubelet's client certificate expired on {c.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({Durations.FormatResidual(inputs.Now - c.NotAfter)} ago) and no valid rotated one is left: the kubelet cannot authenticate, the node is NotReady and it cannot rotate by itself"
                    : $"the kubelet's client certificate is not valid until {c.NotBefore.UtcDateTime:yyyy-MM-dd HH:mm} UTC: a clock is wrong, and the node is NotReady meanwhile",
                [.. linkEvidence, new("rotateCertificates", rotation?.ToString().ToLowerInvariant() ?? "unknown"), .. EvidenceOf.Certificate("current", current)],
                new Runbook(server is null ? [] : Kubelet.Bootstrap(node, server), [Kubelet.ClientDates(), Kubelet.IsActive(), Verify.Rerun()])));
            return;
        }
        if (newest is not null && newest.Certificate.Certificate.NotBefore > c.NotBefore)
        {
            report.Add(new Finding(FindingIds.KubeletClientRotation, rotation == true ? FindingSeverity.Info : FindingSeverity.Warning, "kubelet.conf",
                $"{Path.GetFileName(newest.Path)} is newer than the certificate kubelet-client-current.pem points at; the kubelet uses the older one"
                + (rotation == true ? " until it rotates again" : " until it expires"),
                [.. linkEvidence, .. EvidenceOf.Certificate("current", current), .. EvidenceOf.Certificate("newest", newest.Certificate)],
                new Runbook(Kubelet.PointCurrentAt(inputs.NodePath(newest.Path)), [Kubelet.ClientDates(), Verify.Rerun()])));
        }
        if (FindingSeverityNames.OfExpiry(state) is not { } byDate) return;
        var lifetime = c.NotAfter - c.NotBefore;
        var latestRotation = c.NotBefore + lifetime * 0.9;
        FindingSeverity severity;
        string why;
        IReadOnlyList<RunbookStep> steps;
        if (rotation == true && inputs.Now < latestRotation)
        {
            severity = FindingSeverity.Info;
            why = $"the kubelet asks for a new one by itself at 70–90 % of its life, by {latestRotation.UtcDateTime:yyyy-MM-dd}";
            steps = [new("Nothing to do while rotation works; if the date passes, see why the kubelet's CertificateSigningRequests are not signed")];
        }
        else if (rotation == true)
        {
            severity = byDate;
            why = $"rotation is on but did not happen by {latestRotation.UtcDateTime:yyyy-MM-dd}, 90 % of its life: the kubelet's certificate requests are failing";
            steps = Kubelet.WhyNotRotated();
        }
        else
        {
            severity = byDate;
            why = rotation == false
                ? $"rotateCertificates is off in {inputs.NodePath(inputs.Kubelet!.Path)}: nobody renews it"
                : "the kubelet's configuration was not read, so whether it rotates is unknown";
            steps = rotation == false
                ? Kubelet.EnableRotation()
                : [new("Check that rotation is on (kubeadm's default)", $"sudo grep -i rotateCertificates {Kubelet.ConfigFile}", RunOn.ThisNode), .. Kubelet.EnableRotation()];
        }
        report.Add(new Finding(FindingIds.CertificateExpiring, severity, "kubelet.conf",
            $"the kubelet's client certificate expires on {c.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC, in {Durations.FormatResidual(c.NotAfter - inputs.Now)}: {why}",
            [.. linkEvidence, new("rotateCertificates", rotation?.ToString().ToLowerInvariant() ?? "unknown"), .. EvidenceOf.Certificate("current", current)],
            new Runbook(steps, [Kubelet.ClientDates(), Verify.Rerun()])));
    }

    private static IEnumerable<Evidence> LinkEvidence(DoctorInputs inputs, string currentPath)
    {
        string? target = null;
        try
        {
            target = new FileInfo(currentPath).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        yield return new Evidence("kubelet-client-current.pem", inputs.NodePath(currentPath) + (target is null ? " (a file, not a link)" : $" → {target}"));
    }

    /// <summary>The node's name, from its client certificate's <c>system:node:NAME</c>.</summary>
    private static string? NodeName(CertificateInfo c) =>
        c.SubjectCommonName is { } cn && cn.StartsWith("system:node:", StringComparison.Ordinal) ? cn["system:node:".Length..] : null;

    /// <summary>The newest usable rotated file: valid now, holding the key of its certificate, issued by a CA the API server trusts.</summary>
    private static Rotated? Newest(IEnumerable<Rotated> rotated, DateTimeOffset now) =>
        rotated.Where(r => r.Usable && r.Certificate.Certificate.NotBefore <= now && now < r.Certificate.Certificate.NotAfter)
            .MaxBy(r => r.Certificate.Certificate.NotBefore);

    /// <summary>The <c>kubelet-client-&lt;date&gt;.pem</c> files beside <paramref name="currentPath"/> (not the -current and -updated links).</summary>
    private static List<Rotated> RotatedFiles(DoctorInputs inputs, string currentPath)
    {
        var result = new List<Rotated>();
        var dir = Path.GetDirectoryName(currentPath);
        if (dir is null || !Directory.Exists(dir)) return result;
        var clientCas = inputs.ClientCas;
        foreach (var file in Directory.EnumerateFiles(dir, "kubelet-client-*.pem").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name is "kubelet-client-current.pem" or "kubelet-client-updated.pem") continue;
            if (!FileReader.TryRead(file, 1024 * 1024, out var bytes, out _, out _)) continue;
            DecodeResult decoded;
            try
            {
                decoded = CertificateDecoder.Decode(bytes);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
            }
            if (decoded.Certificates.FirstOrDefault() is not { } cert) continue;
            var usable = decoded.KeyMatches(cert.Info) == true
                         && (clientCas.Count == 0 || clientCas.Any(ca => SignatureVerifier.IsSignedBy(cert.Info, ca.Certificate) == true));
            result.Add(new Rotated(file, new FoundCertificate(cert.Info, new FileSourceRef(file, 0)), usable));
        }
        return result;
    }
}
