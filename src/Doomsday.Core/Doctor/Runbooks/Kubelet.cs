using Doomsday.Core.Doctor.Plans;

namespace Doomsday.Core.Doctor.Runbooks;

/// <summary>
/// The kubelet's certificates, as the kubelet and kubeadm keep them. Facts the steps rest on (each read
/// in the source): the kubelet writes every rotated client certificate with its key into
/// <c>kubelet-client-&lt;yyyy-MM-dd-HH-mm-ss&gt;.pem</c> and points <c>kubelet-client-current.pem</c> at
/// it with an absolute link (client-go <c>util/certificate</c> file store); with
/// <c>rotateCertificates: true</c> in <c>/var/lib/kubelet/config.yaml</c> (kubeadm's default) it asks for
/// a new one at 70–90 % of the old one's life; a kubelet whose client certificate has expired falls back
/// to <c>/etc/kubernetes/bootstrap-kubelet.conf</c> and requests a new one with the token in it
/// (<c>pkg/kubelet/certificate/bootstrap</c>), and kubeadm's bootstrap tokens belong to the group whose
/// kubelet client requests kube-controller-manager approves and signs by itself. The self-signed
/// serving pair <c>kubelet.crt</c>/<c>kubelet.key</c> is written only when the kubelet starts and finds
/// none (<c>InitializeTLS</c>); nobody renews it.
/// </summary>
public static class Kubelet
{
    /// <summary>The component name plans use for the kubelet (a systemd service, not a static pod).</summary>
    public const string Name = "kubelet";

    public const string PkiDir = "/var/lib/kubelet/pki";
    public const string ConfigFile = "/var/lib/kubelet/config.yaml";
    public const string CurrentClient = PkiDir + "/kubelet-client-current.pem";
    public const string ServingCertificate = PkiDir + "/kubelet.crt";
    public const string ServingKey = PkiDir + "/kubelet.key";
    public const string KubeletConf = "/etc/kubernetes/kubelet.conf";
    public const string BootstrapKubeconfig = "/etc/kubernetes/bootstrap-kubelet.conf";

    /// <summary>The user kubeadm names in the bootstrap kubeconfig it writes when a node joins.</summary>
    private const string BootstrapUser = "tls-bootstrap-token-user";

    public static IReadOnlyList<RunbookStep> Restart() =>
        [new("Restart the kubelet: it reads its certificates and kubeconfig when it starts", "sudo systemctl restart kubelet", RunOn.ThisNode, PlanStage.Restart, Name)];

    /// <summary>Why the kubelet's client certificate was not rotated: its requests, its journal, kubeadm's auto-approval binding.</summary>
    public static IReadOnlyList<RunbookStep> WhyNotRotated() =>
    [
        new("See the kubelet's requests: they must be Approved,Issued", "kubectl get csr --sort-by=.metadata.creationTimestamp", RunOn.Kubectl),
        new("And why the kubelet could not rotate", "sudo journalctl -u kubelet --since -2h --no-pager | grep -iE 'certificate|csr|rotat' | tail -n 20", RunOn.ThisNode),
        new("kubeadm binds the group system:nodes to kubelet client renewals (kubeadm:node-autoapprove-certificate-rotation): check it is there",
            "kubectl get clusterrolebinding kubeadm:node-autoapprove-certificate-rotation -o wide", RunOn.Kubectl),
    ];

    /// <summary>A node whose kubelet stopped reporting (Ready Unknown): on that node, whether the kubelet runs and why it cannot reach the API server, and its client certificate's end date.</summary>
    public static IReadOnlyList<RunbookStep> NotReporting() =>
    [
        new("Status Unknown means the kubelet stopped reporting: on the node, check the kubelet runs and why it cannot reach the API server",
            "sudo systemctl status kubelet --no-pager; sudo journalctl -u kubelet --since -30min | grep -iE 'x509|certificate|unauthorized|connection refused' | tail -20", RunOn.SubjectNode),
        new("An expired kubelet client certificate is a classic: check its dates on the node",
            $"sudo openssl x509 -in {CurrentClient} -noout -enddate", RunOn.SubjectNode),
    ];

    /// <summary>The kubelet's last half hour of messages, on the node a finding is about.</summary>
    public static RunbookStep Journal() => new("On the node, the kubelet's own account", "sudo journalctl -u kubelet --since -30min | tail -50", RunOn.SubjectNode);

    /// <summary>Restart the kubelet of the node a finding is about, once what stopped it is fixed (not a plan step: the cause is that finding's own).</summary>
    public static RunbookStep RestartOnSubjectNode() => new("Once the cause is fixed, restart the kubelet", "sudo systemctl restart kubelet", RunOn.SubjectNode);

    public static RunbookStep IsActive() => new("The kubelet must be running", "systemctl is-active kubelet", RunOn.ThisNode, PlanStage.Verify);

    public static RunbookStep ClientDates() =>
        new("The client certificate the kubelet uses now, with its dates", $"sudo openssl x509 -in {CurrentClient} -noout -subject -issuer -dates", RunOn.ThisNode, PlanStage.Verify);

    /// <summary>Point the <c>-current</c> link at a rotated file (a path on the node), as the kubelet itself does, and restart.</summary>
    public static IReadOnlyList<RunbookStep> PointCurrentAt(string rotatedFile) =>
    [
        new($"Point kubelet-client-current.pem at {Path.GetFileName(rotatedFile)} (an absolute link, as the kubelet makes it)",
            $"sudo ln -sfn {rotatedFile} {CurrentClient}", RunOn.ThisNode),
        .. Restart(),
    ];

    /// <summary>
    /// Get a new client certificate through a CertificateSigningRequest, the way the node got its first
    /// one when it joined: works on a worker (no CA key there) and on a control-plane node alike.
    /// </summary>
    /// <param name="node">The node's name (the certificate's <c>system:node:</c> name), when known.</param>
    /// <param name="server">The API server URL the node's kubelet.conf names.</param>
    public static IReadOnlyList<RunbookStep> Bootstrap(string? node, string server)
    {
        var description = node is null ? "kubelet client certificate" : $"kubelet client certificate for {node}";
        return
        [
            new("Create a bootstrap token: kubeadm's tokens may ask for a kubelet client certificate, and kube-controller-manager approves and signs such requests by itself. It prints the token",
                $"sudo kubeadm token create --ttl 1h --description '{description}'", RunOn.ControlPlane),
            new("Type the token printed on the control-plane node (it stays in this shell)", "read -r -s -p 'bootstrap token: ' TOKEN; echo", RunOn.ThisNode),
            new("Write the bootstrap kubeconfig that the kubelet falls back to (kubeadm join deleted the first one)",
                $"sudo kubectl config set-cluster kubernetes --kubeconfig {BootstrapKubeconfig} --server {server} --certificate-authority /etc/kubernetes/pki/ca.crt --embed-certs=true"
                + $" && sudo kubectl config set-credentials {BootstrapUser} --kubeconfig {BootstrapKubeconfig} --token \"$TOKEN\""
                + $" && sudo kubectl config set-context {BootstrapUser}@kubernetes --kubeconfig {BootstrapKubeconfig} --cluster kubernetes --user {BootstrapUser}"
                + $" && sudo kubectl config use-context {BootstrapUser}@kubernetes --kubeconfig {BootstrapKubeconfig}",
                RunOn.ThisNode),
            new("Move kubelet.conf aside, so the kubelet requests a new certificate instead of using the one it names",
                $"sudo mv {KubeletConf} {KubeletConf}.old", RunOn.ThisNode),
            .. Restart(),
            new("Wait for the new certificate: the kubelet writes a kubelet.conf that names kubelet-client-current.pem, requests a certificate, and points the link at it once signed",
                $"until sudo openssl x509 -in {CurrentClient} -noout -checkend 0 >/dev/null 2>&1; do sleep 5; done", RunOn.ThisNode),
            new("Remove the bootstrap kubeconfig: it holds the token", $"sudo rm -f {BootstrapKubeconfig}", RunOn.ThisNode),
        ];
    }

    /// <summary>Turn on client certificate rotation (kubeadm's default) and restart the kubelet.</summary>
    public static IReadOnlyList<RunbookStep> EnableRotation() =>
    [
        new("Turn client certificate rotation on in the kubelet's configuration",
            $"if sudo grep -q '^rotateCertificates:' {ConfigFile}; then sudo sed -i 's/^rotateCertificates:.*/rotateCertificates: true/' {ConfigFile}; else echo 'rotateCertificates: true' | sudo tee -a {ConfigFile} >/dev/null; fi",
            RunOn.ThisNode),
        new("kubeadm upgrade rewrites that file from the kubelet-config ConfigMap: set rotateCertificates: true there too (kubectl -n kube-system edit cm kubelet-config)"),
        .. Restart(),
    ];

    /// <summary>Let the kubelet write a new self-signed serving pair (it does when it starts and finds none).</summary>
    public static IReadOnlyList<RunbookStep> RegenerateServing() =>
    [
        new("Move the self-signed serving pair aside; the kubelet writes a new one, valid one year, when it starts and finds none",
            $"sudo mv {ServingCertificate} {ServingCertificate}.old && sudo mv {ServingKey} {ServingKey}.old", RunOn.ThisNode),
        .. Restart(),
        new("For a serving certificate signed by the cluster CA and renewed by the kubelet, set serverTLSBootstrap: true in the kubelet configuration and approve its kubelet-serving CertificateSigningRequests"),
    ];

    public static RunbookStep ServingDates() =>
        new("The new serving certificate's dates", $"sudo openssl x509 -in {ServingCertificate} -noout -dates", RunOn.ThisNode, PlanStage.Verify);
}
