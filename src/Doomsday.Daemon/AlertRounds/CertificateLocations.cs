using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Daemon.AlertRounds;

/// <summary>
/// The condition source of a certificate alert is the place it was read from (a file, a kubeconfig entry,
/// an endpoint, a Kubernetes object), so that a read error at that place keeps its alerts as they are:
/// an unreadable file, a bad PEM or an endpoint that did not answer is not evidence the certificate is
/// fine. Keys are hierarchical and an error covers every key under its own (an unreadable directory
/// covers the files in it; an unparsable kubeconfig covers all its entries; a failed Secret list covers
/// every Secret of that namespace). The key strings are stored with the alert state, so they must stay stable.
/// </summary>
internal static class CertificateLocations
{
    public const string Prefix = DaemonAlertNames.CertificatesSource + ":";

    /// <summary>The condition source of a certificate found at <paramref name="where"/>.</summary>
    public static string SourceOf(SourceRef where) => Prefix + Key(where, trim: false);

    /// <summary>The key an error at <paramref name="where"/> covers (itself and everything under it).</summary>
    public static string ErrorKey(SourceRef where) => Prefix + Key(where, trim: true);

    /// <summary>True when <paramref name="source"/> (from <see cref="SourceOf"/>) lies at or under <paramref name="errorKey"/>.</summary>
    public static bool Covers(string errorKey, string source)
    {
        if (!source.StartsWith(errorKey, StringComparison.Ordinal)) return false;
        if (source.Length == errorKey.Length || errorKey.EndsWith(':')) return true;
        return source[errorKey.Length] is '/' or '|';
    }

    private static string Key(SourceRef where, bool trim) => where switch
    {
        FileSourceRef f => "file:" + f.Path.TrimEnd('/'),
        // Entry-level: an error on one user's client-certificate file does not hold another user's alerts.
        // A kubeconfig that does not parse is reported on its path as a file, and covers all its entries.
        KubeconfigSourceRef k => trim && k.EmbeddedName.Length == 0
            ? "file:" + k.Path
            : $"file:{k.Path}|{k.EmbeddedKind}:{k.EmbeddedName}",
        EndpointSourceRef e => $"tls:{e.Address}|{e.Sni}",
        ClusterSourceRef c => "k8s:" + Join([c.Cluster, c.ObjectKind, c.Namespace ?? "", c.Name], trim),
        // A kind this code does not know: its errors hold every certificate alert, the safe side.
        _ => trim ? "" : where.Kind + ":" + where.Display,
    };

    private static string Join(string[] parts, bool trim)
    {
        var count = parts.Length;
        if (trim) while (count > 0 && parts[count - 1].Length == 0) count--;
        return string.Join('/', parts.Take(count));
    }
}
