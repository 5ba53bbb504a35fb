using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;

namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>
/// What a kubeadm node's tree holds, found without judging it: the parsed static pod manifests,
/// the files under pki/ (walk order), the kubeconfigs in the root (<c>*.conf</c>, sorted), the
/// kubelet's certificate files that exist, and what could not be read. Shared by
/// <see cref="KubeadmSource"/> and <c>doctor</c>. Paths are full paths as they are read (mapped).
/// </summary>
public sealed record KubeadmNode(
    KubeadmLayout Layout,
    IReadOnlyList<StaticPodManifest> Manifests,
    IReadOnlyList<string> PkiFiles,
    IReadOnlyList<string> Kubeconfigs,
    IReadOnlyList<string> KubeletFiles,
    IReadOnlyList<SourceError> Errors)
{
    /// <summary>The kubelet's rotated client certificate (cert and key in one file) and its self-signed serving certificate.</summary>
    public static readonly IReadOnlyList<string> KubeletFileNames = ["kubelet-client-current.pem", "kubelet.crt"];

    /// <summary>
    /// The flags by which each control-plane component (its manifest's component name) loads a
    /// certificate or CA bundle at start: a file missing here keeps the component from starting.
    /// Private-key flags are not listed. <see cref="CertificateReferences"/> follows this order.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> CertificateFlags = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["kube-apiserver"] =
        [
            "--tls-cert-file", "--client-ca-file", "--kubelet-client-certificate", "--kubelet-certificate-authority",
            "--etcd-certfile", "--etcd-cafile", "--proxy-client-cert-file", "--requestheader-client-ca-file",
        ],
        ["etcd"] = ["--cert-file", "--peer-cert-file", "--trusted-ca-file", "--peer-trusted-ca-file"],
        ["kube-controller-manager"] =
        [
            "--root-ca-file", "--cluster-signing-cert-file", "--client-ca-file", "--requestheader-client-ca-file", "--tls-cert-file",
        ],
        ["kube-scheduler"] = ["--client-ca-file", "--requestheader-client-ca-file", "--tls-cert-file"],
    };

    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    public static KubeadmNode Discover(KubeadmLayout layout, ScanOptions? options = null)
    {
        options ??= new ScanOptions();
        var root = FullPath(layout.Root);
        var errors = new List<SourceError>();
        if (!Directory.Exists(root))
        {
            var what = File.Exists(root) ? "is a file, not a directory" : "does not exist";
            errors.Add(new SourceError(new FileSourceRef(root), ReasonCodes.NotFound,
                $"no kubeadm tree here: {root} {what}. On a control-plane node use --kubeadm /etc/kubernetes; " +
                "for a copy of a node's tree, point --kubeadm at the directory that holds pki/ and the *.conf files."));
            return new KubeadmNode(layout, [], [], [], [], errors);
        }

        var pki = Path.Join(root, "pki");
        var pkiFiles = new List<string>();
        if (Directory.Exists(pki))
        {
            foreach (var item in new FileWalker(new PathSelection([pki])).Walk())
            {
                if (item.Error is { } e) errors.Add(e);
                else pkiFiles.Add(item.Path);
            }
        }

        var kubeconfigs = Directory.EnumerateFiles(root, "*.conf", SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal).ToList();
        if (!Directory.Exists(pki) && kubeconfigs.Count == 0)
        {
            errors.Add(new SourceError(new FileSourceRef(root), ReasonCodes.NoCertificateFound,
                $"{root} does not look like a kubeadm tree: it has no pki/ directory and no *.conf kubeconfig"));
        }

        var manifests = new List<StaticPodManifest>();
        var manifestDir = Path.Join(root, "manifests");
        if (Directory.Exists(manifestDir))
        {
            var files = Directory.EnumerateFiles(manifestDir)
                .Where(f => !Path.GetFileName(f).StartsWith('.') && ManifestExtensions.Any(x => f.EndsWith(x, StringComparison.OrdinalIgnoreCase)))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                if (!FileReader.TryRead(file, options.MaxFileSize, out var content, out var reason, out var message, options.ReadTimeout))
                {
                    errors.Add(new SourceError(new FileSourceRef(file), reason!, message!));
                    continue;
                }
                if (StaticPodManifestReader.TryRead(file, content, out var manifest, out var error)) manifests.Add(manifest);
                else errors.Add(error);
            }
        }

        var kubeletPki = FullPath(layout.KubeletPki);
        var kubeletFiles = KubeletFileNames.Select(n => Path.Join(kubeletPki, n)).Where(f => File.Exists(layout.Resolve(f))).ToList();
        return new KubeadmNode(layout, manifests, pkiFiles, kubeconfigs, kubeletFiles, errors);
    }

    /// <summary>
    /// Who uses the file at <paramref name="path"/> (a path as read), from the manifests' flags:
    /// <c>kube-apiserver --tls-cert-file</c>, in manifest then flag order.
    /// </summary>
    public IReadOnlyList<string> UsedBy(string path)
    {
        var target = FullPath(path);
        var users = new List<string>();
        foreach (var manifest in Manifests)
        {
            foreach (var (flag, value) in manifest.Flags)
            {
                if (!value.StartsWith('/')) continue;
                if (FullPath(Layout.Map(value)) == target) users.Add($"{manifest.Component} {flag}");
            }
        }
        return users;
    }

    /// <summary>
    /// The certificate files the manifests name through <see cref="CertificateFlags"/>, in manifest
    /// (file name) then flag-list order; one entry per flag, so a file two flags name appears twice.
    /// Relative paths are skipped, as <see cref="UsedBy"/> skips them.
    /// </summary>
    public IReadOnlyList<ManifestCertificateReference> CertificateReferences()
    {
        var references = new List<ManifestCertificateReference>();
        foreach (var manifest in Manifests)
        {
            if (!CertificateFlags.TryGetValue(manifest.Component, out var flags)) continue;
            foreach (var flag in flags)
            {
                if (manifest.Flag(flag) is not { } value || !value.StartsWith('/')) continue;
                references.Add(new ManifestCertificateReference(FullPath(Layout.Map(value)), manifest.Component, flag));
            }
        }
        return references;
    }

    private static string FullPath(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
