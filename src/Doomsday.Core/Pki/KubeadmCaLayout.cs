namespace Doomsday.Core.Pki;

/// <summary>How kubeadm's CAs (ca, etcd-ca, front-proxy-ca) are made.</summary>
public enum KubeadmCaLayout
{
    /// <summary>Each is self-signed, as <c>kubeadm init</c> makes them.</summary>
    SelfSigned,

    /// <summary>Each is an intermediate of one root CA kept off the node ("single root CA", kubernetes.io PKI best practices).</summary>
    Intermediate,

    /// <summary>As <see cref="Intermediate"/>, with the root appended to each CA file (ca.crt holds the chain).</summary>
    IntermediateBundle,
}
