using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Formats;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// A private key found beside a certificate (sibling .key, combined file, kubeconfig client-key) must be
/// its key; for a CA bundle (old and new CA during a rotation), the key of one of its CAs. And
/// kube-controller-manager's signing pair must match the way it loads it: Go's <c>tls.X509KeyPair</c>
/// takes the first certificate of <c>--cluster-signing-cert-file</c>, so a bundle whose first CA is not
/// the key's stops the controller-manager (which is why the CA rotation procedure points that flag at a
/// file holding the new CA alone).
/// </summary>
internal sealed class KeyMatchCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    public string Name => "key";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.Local(FindingIds.KeyMismatch);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var found in inputs.Certificates.Where(c => c.KeyMatches == false))
        {
            report.Add(Mismatch(found, inputs));
        }
        CheckSigningPair(inputs, report);
    }

    private static Finding Mismatch(FoundCertificate found, DoctorInputs inputs)
    {
        var name = EvidenceOf.NameOf(found);
        var steps = new List<RunbookStep>();
        if (Compare(found, inputs) is { } compare)
        {
            steps.Add(new("Compare the public keys of the certificate and of the key: the two digests must be equal", compare, RunOn.ThisNode));
        }
        if (found.Name is { } n && Kubeadm.Renewable.Contains(n))
        {
            steps.Add(new("A renewal writes a new matching pair"));
            steps.AddRange(Kubeadm.Renew(n));
        }
        else
        {
            steps.Add(new("Restore the key that belongs to this certificate from backup, or re-issue both together"));
        }
        return new Finding(FindingIds.KeyMismatch, FindingSeverity.Critical, name,
            $"the private key beside {name} does not belong to it: whatever uses the pair fails its TLS handshakes",
            [.. EvidenceOf.Certificate("certificate", found)],
            new Runbook(steps, [Verify.Rerun()]));
    }

    /// <summary>
    /// The openssl commands printing both public-key digests: the certificate and its sibling .key (or the
    /// file that holds both), or a kubeconfig's embedded certificate and key read straight from it.
    /// </summary>
    private static string? Compare(FoundCertificate found, DoctorInputs inputs)
    {
        switch (found.Source)
        {
            case FileSourceRef f:
                var path = inputs.NodePath(f.Path);
                var key = path.EndsWith(".crt", StringComparison.Ordinal) && File.Exists(f.Path[..^4] + ".key") ? path[..^4] + ".key" : path;
                return $"sudo openssl x509 -in {path} -noout -pubkey | openssl sha256; sudo openssl pkey -in {key} -pubout | openssl sha256";
            case KubeconfigSourceRef { ReferencedPath: { } referenced }:
                var file = inputs.NodePath(referenced); // the kubelet's -current.pem holds both
                return $"sudo openssl x509 -in {file} -noout -pubkey | openssl sha256; sudo openssl pkey -in {file} -pubout | openssl sha256";
            case KubeconfigSourceRef { EmbeddedKind: "user" } k when Places.EntryOf(k, inputs) is { } index:
                var kubeconfig = inputs.NodePath(k.Path);
                return $"{Kubeconfigs.UserField(kubeconfig, index, "client-certificate-data")} | openssl x509 -noout -pubkey | openssl sha256; "
                       + $"{Kubeconfigs.UserField(kubeconfig, index, "client-key-data")} | openssl pkey -pubout | openssl sha256";
            default:
                return null;
        }
    }

    private static void CheckSigningPair(DoctorInputs inputs, DoctorReport report)
    {
        var kcm = inputs.Manifest("kube-controller-manager");
        if (kcm?.Flag("--cluster-signing-cert-file") is not { } certFlag || kcm.Flag("--cluster-signing-key-file") is not { } keyFlag) return;
        var certs = inputs.CertificatesAt(certFlag);
        if (certs.Count == 0) return;
        var keyPath = inputs.Layout?.Map(keyFlag) ?? keyFlag;
        if (inputs.Layout is { } layout) keyPath = layout.Resolve(keyPath);
        if (!FileReader.TryRead(keyPath, 1024 * 1024, out var material, out _, out _)) return;
        List<string> keyIds;
        try
        {
            keyIds = CertificateDecoder.Decode(material).Keys.Where(k => k.PublicKeyId is not null).Select(k => k.PublicKeyId!).ToList();
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(material);
        }
        if (keyIds.Count == 0) return;
        var first = certs[0];
        if (keyIds.Contains(KeyIdentity.FromSubjectPublicKeyInfo(first.Certificate.SubjectPublicKeyInfo) ?? "")) return;
        var holder = certs.Skip(1).FirstOrDefault(c => keyIds.Contains(KeyIdentity.FromSubjectPublicKeyInfo(c.Certificate.SubjectPublicKeyInfo) ?? ""));
        if (holder is null && certs.Count == 1 && first.KeyMatches == false) return; // the same file and key: already reported above
        var steps = new List<RunbookStep>();
        if (holder is not null)
        {
            var copy = $"{Path.GetDirectoryName(certFlag)}/{Path.GetFileNameWithoutExtension(certFlag)}-signing.crt";
            steps.Add(new($"Copy the CA that {Path.GetFileName(keyFlag)} belongs to (certificate #{certs.ToList().IndexOf(holder) + 1} of {Path.GetFileName(certFlag)}) to a file of its own",
                $"sudo sh -c \"awk '/BEGIN CERTIFICATE/{{n++}} n=={certs.ToList().IndexOf(holder) + 1}' {certFlag} > {copy}\"", RunOn.ThisNode));
            var manifest = $"{StaticPods.ManifestsDir}/kube-controller-manager.yaml";
            steps.Add(new($"Point --cluster-signing-cert-file (and --client-ca-file, when it names the same bundle) at {copy}: the kubelet restarts the pod when its manifest changes",
                $"sudo sed -i 's#--cluster-signing-cert-file={certFlag}$#--cluster-signing-cert-file={copy}#; s#--client-ca-file={certFlag}$#--client-ca-file={copy}#' {manifest}",
                RunOn.ThisNode));
        }
        else
        {
            steps.Add(new($"Point --cluster-signing-cert-file and --cluster-signing-key-file of {StaticPods.ManifestsDir}/kube-controller-manager.yaml at a CA certificate and its own key"));
        }
        steps.Add(StaticPods.WatchStart(StaticPods.ControllerManager, "controller-manager"));
        report.Add(new Finding(FindingIds.KeyMismatch, FindingSeverity.Critical, "kube-controller-manager",
            $"kube-controller-manager's signing key {keyFlag} does not belong to the first certificate of --cluster-signing-cert-file {certFlag}" +
            (holder is null ? "" : " but to a later one (a CA bundle)") +
            ": the controller-manager does not start, so kubelet certificates are no longer signed and no controller runs",
            [
                new("manifest", kcm.Path), new("--cluster-signing-cert-file", certFlag), new("--cluster-signing-key-file", keyFlag),
                new("certificates in the file", certs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                .. EvidenceOf.Certificate("first certificate", first),
            ],
            new Runbook(steps, [Verify.Rerun()])));
    }
}
