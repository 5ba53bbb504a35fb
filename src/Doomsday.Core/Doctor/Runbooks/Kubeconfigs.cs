using Doomsday.Core.Doctor.Plans;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Doctor.Runbooks;

/// <summary>
/// Editing kubeconfigs, and making their readers use the edit: a running component keeps what it read
/// at start, so every edit is followed by the restart of whoever reads the file.
/// </summary>
public static class Kubeconfigs
{
    /// <summary>kubeadm's own instructions after <c>kubeadm init</c>: your kubectl reads a copy of admin.conf.</summary>
    public static RunbookStep RefreshUserCopy() =>
        new("Give your own kubectl the new admin.conf (it reads a copy, as kubeadm init told you to make)",
            "mkdir -p $HOME/.kube && sudo cp /etc/kubernetes/admin.conf $HOME/.kube/config && sudo chown $(id -u):$(id -g) $HOME/.kube/config",
            RunOn.ControlPlane, PlanStage.Install);

    public static RunbookStep Backup(string path) =>
        new($"Back up {Path.GetFileName(path)}", $"sudo cp -a {path} {path}.bak", RunOn.ThisNode, PlanStage.Prepare);

    /// <summary>Embed <paramref name="caFile"/> as the CA of one cluster entry.</summary>
    public static RunbookStep EmbedCa(string path, string cluster, string caFile) =>
        new($"Embed {caFile} as the CA of cluster '{cluster}' in {Path.GetFileName(path)}",
            $"sudo kubectl config set-cluster {Quote(cluster)} --kubeconfig {path} --certificate-authority {caFile} --embed-certs=true", RunOn.ThisNode, PlanStage.Install);

    /// <summary>
    /// What makes the readers of a kubeconfig use a change to it. <paramref name="path"/> is the file as it
    /// is on the node; kubeadm's kubeconfigs have known readers, others get a reminder.
    /// </summary>
    public static IReadOnlyList<RunbookStep> RestartReaders(string path)
    {
        var name = Path.GetFileName(path);
        if (path == $"{Kubeadm.Root}/{name}" && N.Kubeconfigs.Contains(name)) return Kubeadm.Users(name);
        return [new($"Restart whatever reads {path}: a running program keeps the credentials it read when it started")];
    }

    /// <summary>
    /// A pipeline that prints a base64 field of the <paramref name="index"/>-th user of a kubeconfig, decoded
    /// (<c>client-certificate-data</c>, <c>client-key-data</c>): for openssl to read without a file.
    /// </summary>
    public static string UserField(string path, int index, string field) =>
        $"sudo kubectl config view --kubeconfig {path} --raw -o jsonpath='{{.users[{index}].user.{field}}}' | base64 -d";

    /// <summary>Likewise a field of the <paramref name="index"/>-th cluster (<c>certificate-authority-data</c>).</summary>
    public static string ClusterField(string path, int index, string field) =>
        $"sudo kubectl config view --kubeconfig {path} --raw -o jsonpath='{{.clusters[{index}].cluster.{field}}}' | base64 -d";

    /// <summary>A kubeconfig entry name as one shell word (kubeadm's names need no quotes; others may).</summary>
    internal static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '@' or '/')
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";
}
