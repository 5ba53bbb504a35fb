namespace Doomsday.Core.Sources.Cluster;

/// <summary>What a read covers: certificates only (<c>scan</c>), or also what the doctor's API checks need.</summary>
public enum ClusterReadScope
{
    /// <summary>Secrets, ConfigMaps, caBundles and issued CSRs.</summary>
    Certificates,

    /// <summary>Certificates plus nodes, kube-system pods/Deployments/DaemonSets, cert-manager Certificates and the served chain.</summary>
    Everything,
}
