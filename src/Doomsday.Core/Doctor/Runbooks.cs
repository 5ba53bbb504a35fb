namespace Doomsday.Core.Doctor;

/// <summary>
/// The exact commands that fix things on a kubeadm node. Facts they rest on: <c>kubeadm certs renew</c>
/// writes new files but restarts nothing; static pods pick up new certificates only when the kubelet
/// recreates them, which moving the manifest out of the manifests folder and back forces.
/// </summary>
public static class Runbooks
{
    private static readonly Dictionary<string, string> ComponentOfCert = new(StringComparer.Ordinal)
    {
        ["apiserver"] = "kube-apiserver",
        ["apiserver-kubelet-client"] = "kube-apiserver",
        ["apiserver-etcd-client"] = "kube-apiserver",
        ["front-proxy-client"] = "kube-apiserver",
        ["etcd-server"] = "etcd",
        ["etcd-peer"] = "etcd",
        ["etcd-healthcheck-client"] = "etcd",
        ["controller-manager.conf"] = "kube-controller-manager",
        ["scheduler.conf"] = "kube-scheduler",
    };

    /// <summary>Names <c>kubeadm certs renew</c> accepts.</summary>
    public static readonly IReadOnlySet<string> Renewable = new HashSet<string>(StringComparer.Ordinal)
    {
        "apiserver", "apiserver-kubelet-client", "apiserver-etcd-client", "front-proxy-client",
        "etcd-server", "etcd-peer", "etcd-healthcheck-client",
        "admin.conf", "super-admin.conf", "controller-manager.conf", "scheduler.conf",
    };

    public static string? ComponentUsing(string kubeadmName) => ComponentOfCert.GetValueOrDefault(kubeadmName);

    /// <summary>Recreate a static pod so it loads the certificates now on disk.</summary>
    public static IReadOnlyList<RunbookStep> RestartStaticPod(string component, string manifestsDir = "/etc/kubernetes/manifests")
    {
        var manifest = $"{manifestsDir}/{component}.yaml";
        return
        [
            new($"Move the {component} manifest out of the manifests folder (a copy left inside it would be started as a pod); the kubelet stops the pod", $"sudo mv {manifest} /tmp/{component}.yaml"),
            new($"Wait until the {component} container is gone (the kubelet looks every 20 seconds)", $"while sudo crictl ps -q --name {component} | grep -q .; do sleep 5; done"),
            new("Move the manifest back; the kubelet starts the pod with the certificates now on disk", $"sudo mv /tmp/{component}.yaml {manifest}"),
            new($"Wait until {component} runs again", $"until sudo crictl ps -q --name {component} --state running | grep -q .; do sleep 5; done"),
        ];
    }

    public static IReadOnlyList<RunbookStep> RestartKubelet() =>
    [
        new("Restart the kubelet so it reloads its certificates", "sudo systemctl restart kubelet"),
        new("Watch it come back", "sudo journalctl -u kubelet -f"),
    ];

    /// <summary>Renew one kubeadm-managed certificate and restart what uses it.</summary>
    public static Runbook Renew(string kubeadmName, string? endpointToVerify = null)
    {
        var steps = new List<RunbookStep>
        {
            new("Back up the current PKI and kubeconfigs", "sudo cp -a /etc/kubernetes /etc/kubernetes.bak.$(date +%F)"),
            new($"Renew {kubeadmName}", $"sudo kubeadm certs renew {kubeadmName}"),
        };
        if (ComponentUsing(kubeadmName) is { } component) steps.AddRange(RestartStaticPod(component));
        if (kubeadmName == "admin.conf") steps.Add(new("Refresh your own kubeconfig from the renewed admin.conf", "sudo cp /etc/kubernetes/admin.conf $HOME/.kube/config"));
        var verify = new List<RunbookStep> { new("Check the new expiry dates", "sudo kubeadm certs check-expiration") };
        if (endpointToVerify is not null) verify.Add(ServedFingerprint(endpointToVerify));
        verify.Add(new("Run doctor again", "doomsday doctor --kubeadm"));
        return new Runbook(steps, verify);
    }

    public static RunbookStep ServedFingerprint(string hostPort) =>
        new($"Compare the certificate {hostPort} serves now with the file on disk",
            $"echo | openssl s_client -connect {hostPort} 2>/dev/null | openssl x509 -noout -fingerprint -sha256 -enddate");

    public static RunbookStep DiskFingerprint(string file) =>
        new($"Fingerprint of {file}", $"openssl x509 -in {file} -noout -fingerprint -sha256 -enddate");

    public static RunbookStep Rerun() => new("Run doctor again", "doomsday doctor --kubeadm");
}
