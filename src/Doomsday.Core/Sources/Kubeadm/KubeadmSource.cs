using System.Security.Cryptography;
using Doomsday.Core.Formats;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Sources.Kubeconfig;

namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>
/// A kubeadm node's certificates under its root (normally /etc/kubernetes): every certificate file
/// under pki/, the kubeconfigs in the root (their embedded and referenced certificates), and the
/// kubelet's client and serving certificates. Each one carries kubeadm's name for it, the kubeadm CA
/// that issues it, who uses it (from the static pod manifests) and whether its private key matches
/// (the sibling <c>.key</c> for pki/ files). Every certificate file a static pod manifest names
/// through <see cref="KubeadmNode.CertificateFlags"/> is accounted for: reported once, and when it
/// cannot be read (absent, a directory, unreadable) an error that names the component and flag, since
/// that component will not start again without it. Emits in a stable order: discovery errors, pki/ in
/// walk order, kubeconfigs sorted by name, kubelet files, then the files the manifests' certificate
/// flags name that none of these covered (manifests by file name, flags in
/// <see cref="KubeadmNode.CertificateFlags"/> order, each file once, at its first reference).
/// </summary>
public sealed class KubeadmSource(KubeadmLayout layout, ScanOptions options) : ICertificateSource
{
    private static readonly string[] CertificateExtensions = [".crt", ".pem", ".cer", ".der"];

    public KubeadmSource(string root, ScanOptions options) : this(new KubeadmLayout(root), options)
    {
    }

    public SourceRef Origin { get; } = new FileSourceRef(layout.Root);

    public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
    {
        var node = KubeadmNode.Discover(layout, options);
        foreach (var e in node.Errors) sink.Add(e);

        var pki = Path.GetFullPath(layout.Pki);
        foreach (var file in node.PkiFiles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.EndsWith(".key", StringComparison.Ordinal)) continue; // read as the sibling of its .crt
            var entry = KubeadmNames.ForPkiFile(Path.GetRelativePath(pki, file));
            ReportFile(file, entry?.Name, entry?.Authority, node.UsedBy(file), sink);
        }

        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var conf in node.Kubeconfigs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReportKubeconfig(conf, node, sink, referenced);
        }

        foreach (var file in node.KubeletFiles)
        {
            if (referenced.Contains(file)) continue; // already reported through kubelet.conf
            var isClient = Path.GetFileName(file) == KubeadmNode.KubeletFileNames[0];
            ReportFile(file, null, isClient ? KubeadmNames.Ca : null, node.UsedBy(file), sink);
        }

        ReportManifestReferences(node, referenced, sink, cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The certificate files the manifests name that nothing before covered (read, or reported as an
    /// error, under pki/, as a kubeconfig, through a kubeconfig, or as a kubelet file): read like a pki/
    /// file (with kubeadm's name when it is one of kubeadm's pki/ files); every error about one names
    /// who needs it (<c>kube-apiserver --tls-cert-file: no such file</c>).
    /// </summary>
    private void ReportManifestReferences(KubeadmNode node, HashSet<string> referenced, IInventorySink sink, CancellationToken cancellationToken)
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in node.PkiFiles.Concat(node.Kubeconfigs).Concat(node.KubeletFiles).Concat(referenced)) covered.Add(Path.GetFullPath(path));
        foreach (var error in node.Errors)
        {
            if (error.Source is FileSourceRef f) covered.Add(Path.GetFullPath(f.Path));
        }
        var pki = Path.GetFullPath(layout.Pki).TrimEnd('/') + "/";
        foreach (var references in node.CertificateReferences().GroupBy(r => r.Path, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = references.Key;
            if (!covered.Add(file)) continue;
            var users = string.Join(", ", references.Select(r => r.User));
            if (Directory.Exists(file))
            {
                sink.Add(new SourceError(new FileSourceRef(file), ReasonCodes.ReadFailed, $"{users}: is a directory, not a certificate file"));
                continue;
            }
            if (BrokenLink(file) is { } dangling)
            {
                sink.Add(new SourceError(new FileSourceRef(file), ReasonCodes.BrokenSymlink, $"{users}: {dangling}"));
                continue;
            }
            var entry = file.StartsWith(pki, StringComparison.Ordinal) ? KubeadmNames.ForPkiFile(file[pki.Length..]) : null;
            ReportFile(file, entry?.Name, entry?.Authority, node.UsedBy(file), sink, users);
        }
    }

    /// <summary>
    /// The walk's message for <paramref name="path"/> when it is a symlink whose target does not exist;
    /// otherwise null (a loop or a link that cannot be read is left to the read, which words it).
    /// </summary>
    private static string? BrokenLink(string path)
    {
        try
        {
            var link = new FileInfo(path);
            return link.LinkTarget is not null && !FileWalker.TargetExists(link, out var error) && error!.Value.Reason == ReasonCodes.BrokenSymlink
                ? error.Value.Message
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void ReportKubeconfig(string conf, KubeadmNode node, IInventorySink sink, HashSet<string> referenced)
    {
        if (!FileReader.TryRead(conf, options.MaxFileSize, out var content, out var reason, out var message, options.ReadTimeout))
        {
            sink.Add(new SourceError(new FileSourceRef(conf), reason!, message!));
            return;
        }
        var name = Path.GetFileName(conf);
        var isKubeadmConf = KubeadmNames.Kubeconfigs.Contains(name);
        if (!isKubeadmConf && !KubeconfigReader.LooksLikeKubeconfig(content)) return;
        var usedBy = node.UsedBy(conf);
        var annotating = new AnnotatingSink(sink, f => f with
        {
            Authority = isKubeadmConf && f.Source is KubeconfigSourceRef { EmbeddedKind: "user" } ? KubeadmNames.Ca : f.Authority,
            UsedBy = usedBy,
        });
        KubeconfigReader.Read(conf, content, options, annotating, layout.Map, name, layout.Resolve);
        referenced.UnionWith(annotating.ReferencedPaths);
    }

    /// <param name="neededBy">Who needs the file (<c>kube-apiserver --tls-cert-file</c>); prefixes the messages of errors about it.</param>
    private void ReportFile(string file, string? name, string? authority, IReadOnlyList<string> usedBy, IInventorySink sink, string? neededBy = null)
    {
        string Say(string message) => neededBy is null ? message : $"{neededBy}: {message}";
        if (!FileReader.TryRead(layout.Resolve(file), options.MaxFileSize, out var content, out var reason, out var message, options.ReadTimeout))
        {
            sink.Add(new SourceError(new FileSourceRef(file), reason!, Say(message!)));
            return;
        }
        var decoded = CertificateDecoder.Decode(content, options.Passphrases);
        var siblingKeyIds = decoded.Certificates.Count > 0 && decoded.Keys.Count == 0 ? SiblingKeyIds(file, sink) : null;
        var keyHolder = KeyHolder(decoded, siblingKeyIds);
        foreach (var cert in decoded.Certificates)
        {
            var first = cert.Index == 0;
            bool? keyMatches = decoded.Keys.Count > 0
                ? decoded.KeyMatches(cert.Info)
                : siblingKeyIds is null ? null
                : cert.Index == keyHolder ? true
                : first && keyHolder < 0 ? false
                : null;
            sink.Add(new FoundCertificate(cert.Info, new FileSourceRef(file, cert.Index, cert.Format))
            {
                Name = first ? name : null,
                Authority = first ? authority : null,
                KeyMatches = keyMatches,
                UsedBy = first ? usedBy : [],
            });
        }
        foreach (var problem in decoded.Problems)
        {
            sink.Add(new SourceError(new FileSourceRef(file), problem.Reason, Say(problem.Message)));
        }
        if (decoded.Certificates.Count == 0 && decoded.Problems.Count == 0
            && (name is not null || neededBy is not null || CertificateExtensions.Any(x => file.EndsWith(x, StringComparison.OrdinalIgnoreCase))))
        {
            var what = content.Length == 0 ? "file is empty" : decoded.Keys.Count > 0 ? "file holds only a private key" : "no certificate in it";
            sink.Add(new SourceError(new FileSourceRef(file), ReasonCodes.NoCertificateFound, Say(what)));
        }
    }

    /// <summary>
    /// The index of the certificate the sibling <c>.key</c> belongs to, -1 when none. A CA bundle that holds
    /// an old and a new CA (a CA rotation, docs/findings.md) has one key for one of them, in either order;
    /// a leaf file's key belongs to its first certificate.
    /// </summary>
    private static int KeyHolder(DecodeResult decoded, List<string>? siblingKeyIds)
    {
        if (siblingKeyIds is null) return -1;
        var caBundle = decoded.Certificates.All(c => c.Info.IsCa);
        foreach (var cert in decoded.Certificates)
        {
            if (siblingKeyIds.Contains(KeyIdentity.FromSubjectPublicKeyInfo(cert.Info.SubjectPublicKeyInfo) ?? "")) return cert.Index;
            if (!caBundle) break;
        }
        return -1;
    }

    /// <summary>
    /// Public-key identities of the private key beside <paramref name="certFile"/> (<c>x.crt</c> ↔ <c>x.key</c>);
    /// null when there is no such file. A key file that cannot be used is reported <c>key_unreadable</c>.
    /// </summary>
    private List<string>? SiblingKeyIds(string certFile, IInventorySink sink)
    {
        if (!certFile.EndsWith(".crt", StringComparison.Ordinal)) return null;
        var keyFile = certFile[..^4] + ".key";
        if (!File.Exists(keyFile) && new FileInfo(keyFile).LinkTarget is null) return null;
        var certName = Path.GetFileName(certFile);
        if (!FileReader.TryRead(layout.Resolve(keyFile), options.MaxFileSize, out var material, out _, out var message, options.ReadTimeout))
        {
            sink.Add(new SourceError(new FileSourceRef(keyFile), ReasonCodes.KeyUnreadable,
                $"{message}; cannot tell whether it matches {certName}"));
            return null;
        }
        try
        {
            var keys = CertificateDecoder.Decode(material, options.Passphrases).Keys;
            var ids = keys.Where(k => k.PublicKeyId is not null).Select(k => k.PublicKeyId!).ToList();
            if (ids.Count > 0) return ids;
            var why = keys.Select(k => k.Problem).FirstOrDefault(p => p is not null) ?? "no private key in it";
            sink.Add(new SourceError(new FileSourceRef(keyFile), ReasonCodes.KeyUnreadable,
                $"{why}; cannot tell whether it matches {certName}"));
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }
}
