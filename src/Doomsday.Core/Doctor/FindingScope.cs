namespace Doomsday.Core.Doctor;

/// <summary>
/// The input a finding is judged from, which decides whether its absence in a later run means "fixed" or
/// "not looked at": the daemon keeps an alert open while the input of its finding could not be read
/// (docs/findings.md, "Checks").
/// </summary>
public enum FindingScope
{
    /// <summary>This node: the kubeadm tree, files, kubeconfigs, and the handshakes with its components (and every certificate the run read, cluster ones included).</summary>
    Local,

    /// <summary>Whether a cluster's API answered at all, and which kinds it refused (<c>doctor --cluster</c>).</summary>
    ClusterAccess,

    /// <summary>Objects listed through a cluster's API (<c>doctor --cluster</c>): judged only when every list of that cluster succeeded.</summary>
    ClusterObjects,
}
