using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Doctor;

/// <summary>Where a certificate is on the node, as runbooks name it (node paths, never the copy doctor read).</summary>
internal static class Places
{
    /// <summary>The file on the node that holds <paramref name="found"/>; null for one embedded in a kubeconfig or served by an endpoint.</summary>
    public static string? FileOf(FoundCertificate found, DoctorInputs inputs) => found.Source switch
    {
        FileSourceRef file => inputs.NodePath(file.Path),
        KubeconfigSourceRef { ReferencedPath: { } referenced } => inputs.NodePath(referenced),
        _ => null,
    };

    /// <summary>
    /// A file on the node holding <paramref name="found"/> for openssl to read: its own file, or for a certificate
    /// embedded in a kubeconfig a file under /tmp that <paramref name="extract"/> (when not null) writes first.
    /// Null for a certificate only an endpoint served.
    /// </summary>
    public static string? ReadableFileOf(FoundCertificate found, DoctorInputs inputs, out RunbookStep? extract)
    {
        extract = null;
        if (FileOf(found, inputs) is { } file) return file;
        if (found.Source is not KubeconfigSourceRef k || EntryOf(k, inputs) is not { } index) return null;
        var kubeconfig = inputs.NodePath(k.Path);
        var temp = $"/tmp/{Path.GetFileNameWithoutExtension(k.Path)}-{k.EmbeddedKind}{index}.crt";
        extract = new RunbookStep($"Write the {(k.EmbeddedKind == "user" ? "client certificate" : "CA")} embedded in {Path.GetFileName(k.Path)} to {temp}",
            (k.EmbeddedKind == "user" ? Kubeconfigs.UserField(kubeconfig, index, k.Field) : Kubeconfigs.ClusterField(kubeconfig, index, k.Field)) + " > " + temp,
            RunOn.ThisNode);
        return temp;
    }

    /// <summary>The position of a kubeconfig certificate's entry in its <c>users</c> or <c>clusters</c> list (kubectl's jsonpath index).</summary>
    public static int? EntryOf(KubeconfigSourceRef k, DoctorInputs inputs)
    {
        var doc = inputs.Kubeconfigs.FirstOrDefault(d => d.Path == k.Path);
        if (doc is null) return null;
        var names = k.EmbeddedKind == "user" ? doc.Users.Select(u => u.Name) : doc.Clusters.Select(c => c.Name);
        var index = names.ToList().IndexOf(k.EmbeddedName);
        return index < 0 ? null : index;
    }
}
