using System.Text.RegularExpressions;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Sources.Kubeadm;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Watch.Renewal;

/// <summary>
/// Stage 6, once every component is verified: copies of admin.conf's credentials (the invoking user's
/// <c>~/.kube/config</c>) refreshed in place, <c>kubelet.conf</c> checked to point at the kubelet's rotated
/// certificate (kubeadm never renews kubelet.conf), and what to do on the other control-plane nodes.
/// </summary>
internal static partial class Afterwards
{
    public static Task<List<string>> RunAsync(RenewalPlan plan, RenewalRequest request, RenewalBackup backup, IReadOnlyList<RenewedCertificate> renewed,
        DateTimeOffset now, IRenewalProgress progress, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        void Say(string line)
        {
            lines.Add(line);
            progress.Stage("after", line);
        }

        if (renewed.Any(r => r.Name == N.AdminConf)) RefreshCopies(plan.Root, backup, request, Say);
        KubeletConf(plan.Root, Say);
        if (plan.Preflight.FirstOrDefault(p => p.Name == "etcd quorum") is { Status: CheckStatus.Ok } quorum && !quorum.Detail.StartsWith("1 member", StringComparison.Ordinal))
        {
            Say("this control-plane node is renewed and verified: renew the next one now (one node at a time; certificates are per node and never copied between nodes)");
        }
        return Task.FromResult(lines);
    }

    /// <summary>
    /// A kubeconfig that holds admin.conf's old client certificate gets the new certificate and key in
    /// place of the old ones: its other clusters, users and contexts stay as they are, and so do its
    /// owner and mode (written in place). The user's file is backed up beside the others first.
    /// </summary>
    private static void RefreshCopies(string root, RenewalBackup backup, RenewalRequest request, Action<string> say)
    {
        var oldText = File.ReadAllText(Path.Combine(backup.Directory, N.AdminConf));
        var newText = File.ReadAllText(Path.Combine(root, N.AdminConf));
        if (Data(oldText) is not { } old || Data(newText) is not { } fresh) return;
        foreach (var copy in request.KubeconfigCopies.Where(File.Exists))
        {
            var text = File.ReadAllText(copy);
            if (!text.Contains(old.Cert, StringComparison.Ordinal)) continue;
            if (!request.RefreshKubeconfigCopies)
            {
                say($"{copy} holds admin.conf's previous credentials: refresh it with: sudo cp {Path.Combine(root, N.AdminConf)} {copy} " +
                    "(or run renew with --refresh-kubeconfig)");
                continue;
            }
            var saved = Path.Combine(backup.Directory, "kubeconfig-copies", copy.TrimStart('/').Replace('/', '_'));
            Directory.CreateDirectory(Path.GetDirectoryName(saved)!);
            File.Copy(copy, saved);
            var updated = text.Replace(old.Cert, fresh.Cert, StringComparison.Ordinal).Replace(old.Key, fresh.Key, StringComparison.Ordinal);
            using (var fs = new FileStream(copy, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                fs.SetLength(0);
                fs.Write(System.Text.Encoding.UTF8.GetBytes(updated));
            }
            say($"{copy}: admin.conf's new client certificate and key put in place of the old ones (previous copy in {saved})");
        }
    }

    private static (string Cert, string Key)? Data(string kubeconfig)
    {
        var cert = CertData().Match(kubeconfig);
        var key = KeyData().Match(kubeconfig);
        return cert.Success && key.Success ? (cert.Groups[1].Value, key.Groups[1].Value) : null;
    }

    /// <summary>
    /// kubeadm leaves kubelet.conf alone: after bootstrap it must name the rotated file, and rotation must be
    /// on, or the kubelet's certificate expires with the one it has. The fixes are doctor's runbook steps.
    /// </summary>
    private static void KubeletConf(string root, Action<string> say)
    {
        var path = Path.Combine(root, N.KubeletConf);
        if (!File.Exists(path)) return;
        var text = File.ReadAllText(path);
        if (text.Contains("client-certificate-data:", StringComparison.Ordinal))
        {
            say($"{path} embeds the kubelet's client certificate, which kubeadm does not renew: point it at the rotated file " +
                $"(client-certificate and client-key: {Kubelet.CurrentClient}; " +
                "https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/#kubelet-client-cert), then " + Commands(Kubelet.Restart()));
        }
        else if (text.Contains(Path.GetFileName(Kubelet.CurrentClient), StringComparison.Ordinal))
        {
            say($"{N.KubeletConf} points at {Path.GetFileName(Kubelet.CurrentClient)}: the kubelet rotates its own client certificate (not renewed here)");
        }
        var layout = new KubeadmLayout(root);
        if (KubeletConfiguration.Read(layout) is { RotateCertificates: false } config)
        {
            say($"{config.Path} does not turn client certificate rotation on: the kubelet's certificate will expire with nobody renewing it. " +
                "Turn it on: " + Commands(Kubelet.EnableRotation()));
        }
    }

    /// <summary>Runbook steps (doctor's library) as one line to paste: the commands joined by &amp;&amp;, a step without one in parentheses.</summary>
    internal static string Commands(IEnumerable<Core.Doctor.RunbookStep> steps) =>
        string.Join(" && ", steps.Where(s => s.Command is not null).Select(s => s.Command)) +
        string.Concat(steps.Where(s => s.Command is null).Select(s => $" ({s.Description})"));

    [GeneratedRegex(@"(?m)^\s*client-certificate-data:[ \t]*(\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex CertData();

    [GeneratedRegex(@"(?m)^\s*client-key-data:[ \t]*(\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex KeyData();
}
