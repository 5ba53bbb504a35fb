using Doomsday.Core.Inventory;

namespace Doomsday.Cli.Rendering;

/// <summary>How a table names where a certificate was found.</summary>
internal static class Places
{
    /// <summary>
    /// The place, short: a kubeconfig entry without the field name (<c>admin.conf user:kubernetes-admin</c>,
    /// which <c>-o wide</c> and JSON keep). Everything else as <see cref="SourceRef.Display"/>.
    /// </summary>
    public static string Short(SourceRef source) => source switch
    {
        KubeconfigSourceRef k => $"{k.Path} {k.EmbeddedKind}:{k.EmbeddedName}" + (k.ReferencedPath is null ? "" : $" → {k.ReferencedPath}") + (k.Index is > 0 ? $" #{k.Index}" : ""),
        _ => source.Display,
    };

    /// <summary>
    /// One place, or the first and how many more (<c>/etc/kubernetes/pki/ca.crt (+5 more)</c>), the count never
    /// cut; a kubeconfig entry that does not fit gives up its entry name before its path is cut.
    /// </summary>
    public static TextCell Cell(CertificateGroup group)
    {
        var source = group.Primary.Found.Source;
        var more = group.Places.Count == 1 ? "" : $" (+{group.Places.Count - 1} more)";
        return new TextCell(Short(source), Suffix: more, Compact: source is KubeconfigSourceRef k ? k.ReferencedPath ?? k.Path : null);
    }
}
