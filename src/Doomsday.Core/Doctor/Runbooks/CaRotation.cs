using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Doctor.Runbooks;

/// <summary>
/// Replacing a CA, which kubeadm never renews. The cluster CA and the front-proxy CA follow the
/// kubernetes.io procedure "Manual Rotation of CA Certificates": the new CA is added next to the old one
/// (ca.crt holds both, kube-controller-manager signs with the new one alone), every client and kubeconfig
/// is made to trust both, the leaves are re-issued from the new CA, and only then is the old CA removed.
/// doctor accepts every stage of it, in either order of the two CAs in a bundle.
/// </summary>
public static class CaRotation
{
    public const string Procedure = "https://kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates/";

    /// <summary>The plan for a CA that expires (or must be replaced), by kubeadm name.</summary>
    public static IReadOnlyList<RunbookStep> Plan(string kubeadmName)
    {
        var steps = new List<RunbookStep>
        {
            new($"kubeadm does not renew CAs: {kubeadmName} must be replaced before it expires, and everything it signed re-issued. Schedule it now"),
            Kubeadm.Backup(),
        };
        steps.Add(kubeadmName == N.EtcdCa
            ? new("Replace the etcd CA member by member: add the new CA to every member's --trusted-ca-file and --peer-trusted-ca-file and to the API server's --etcd-cafile, re-issue the etcd server, peer, healthcheck and API server client certificates from it, then drop the old CA")
            : new($"Follow the procedure at {Procedure}: put the new CA next to the old one, make every component and kubeconfig trust both, re-issue the leaves, then remove the old CA. Run doctor after each stage: a healthy rotation gives no finding"));
        return steps;
    }
}
