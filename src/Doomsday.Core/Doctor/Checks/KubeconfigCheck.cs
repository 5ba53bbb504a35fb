using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Kubeconfig;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Each kubeconfig trusts the CA the API server's certificate comes from, names a server that is in
/// that certificate's SANs, and carries a client certificate issued by the cluster CA.
/// On a kubeadm node the cluster CA is pki/ca.crt and the server certificate pki/apiserver.crt;
/// elsewhere both come from a handshake with the kubeconfig's server. With <c>doctor --cluster</c>, a
/// client certificate the API server accepted is not judged by that guess.
/// </summary>
internal sealed class KubeconfigCheck : IDoctorCheck
{
    public string Name => "kubeconfig";

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        var kubeadmCa = inputs.Named("ca");
        var kubeadmApiserver = inputs.Named("apiserver");
        foreach (var doc in inputs.Kubeconfigs)
        {
            foreach (var cluster in doc.Clusters)
            {
                var cas = inputs.InKubeconfig(doc.Path, "cluster", cluster.Name).ToList();
                var handshake = inputs.KubeconfigServers.FirstOrDefault(s => s.Kubeconfig.Path == doc.Path && s.Cluster.Name == cluster.Name);
                var servedLeaf = handshake?.Result.Chain.FirstOrDefault();
                CheckCa(doc, cluster, cas, kubeadmCa, servedLeaf is null ? null : new FoundCertificate(servedLeaf, new EndpointSourceRef(handshake!.Cluster.Endpoint()!.Value.Host, handshake.Cluster.Endpoint()!.Value.Port, cluster.TlsServerName, 0)), report);
                var serverCert = kubeadmApiserver ?? (servedLeaf is null ? null : new FoundCertificate(servedLeaf, new EndpointSourceRef(cluster.Endpoint()!.Value.Host, cluster.Endpoint()!.Value.Port, cluster.TlsServerName, 0)));
                CheckSan(doc, cluster, serverCert, report);
            }
            foreach (var user in doc.Users)
            {
                var clients = inputs.InKubeconfig(doc.Path, "user", user.Name).Where(c => (((KubeconfigSourceRef)c.Source).Index ?? 0) == 0).ToList();
                if (clients.Count == 0) continue;
                var trusted = new List<FoundCertificate>();
                if (kubeadmCa is not null) trusted.Add(kubeadmCa);
                foreach (var cluster in doc.ClustersOfUser(user.Name)) trusted.AddRange(inputs.InKubeconfig(doc.Path, "cluster", cluster.Name));
                if (trusted.Count == 0 || AcceptedByApi(inputs, doc, user.Name)) continue;
                foreach (var client in clients) CheckClient(doc, user, client, trusted, report);
            }
        }
    }

    /// <summary>
    /// True when <c>doctor --cluster</c> read the API server with this user's credentials and it did not
    /// answer 401: the server's own verdict beats the guess that it trusts clients from the CA that
    /// signed its serving certificate (<c>--client-ca-file</c> may name another CA, as managed clusters do).
    /// </summary>
    private static bool AcceptedByApi(DoctorInputs inputs, KubeconfigDocument doc, string user) =>
        doc.Contexts.Where(c => c.User == user).Any(context =>
            doc.Clusters.FirstOrDefault(k => k.Name == context.Cluster)?.Server is { } server
            && inputs.Clusters.Any(s => s.Context == context.Name && !s.Unreachable && s.Errors.All(e => e.HttpStatus != 401)
                                        && string.Equals(s.Server.TrimEnd('/'), server.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)));

    private static void CheckCa(KubeconfigDocument doc, KubeconfigCluster cluster, List<FoundCertificate> cas, FoundCertificate? kubeadmCa, FoundCertificate? servedLeaf, DoctorReport report)
    {
        if (cas.Count == 0) return; // no CA pinned: the system roots are trusted, nothing to compare
        string? reason = null;
        FoundCertificate? reference = null;
        if (kubeadmCa is not null)
        {
            if (cas.All(c => c.Certificate.FingerprintSha256 != kubeadmCa.Certificate.FingerprintSha256))
            {
                reason = $"does not hold the cluster CA {kubeadmCa.Source.Display}";
                reference = kubeadmCa;
            }
        }
        else if (servedLeaf is not null)
        {
            var verdicts = cas.Select(c => Certificates.SignatureVerifier.IsSignedBy(servedLeaf.Certificate, c.Certificate)).ToList();
            if (verdicts.All(v => v == false))
            {
                reason = $"did not issue the certificate {servedLeaf.Source.Display} serves";
                reference = servedLeaf;
            }
        }
        if (reason is null) return;
        var subject = $"{Path.GetFileName(doc.Path)} cluster {cluster.Name}";
        var caFile = kubeadmCa is null ? "<the CA that issued the API server certificate>" : ChainCheck.PathOf(kubeadmCa);
        report.Add(new Finding(FindingIds.KubeconfigCaMismatch, FindingSeverity.Critical, subject,
            $"the CA in {doc.Path} for cluster '{cluster.Name}' {reason}: kubectl and every client using it fail with 'x509: certificate signed by unknown authority'",
            [new("kubeconfig", doc.Path), new("cluster", cluster.Name), .. cas.SelectMany(c => EvidenceOf.Certificate("kubeconfig CA", c)), .. EvidenceOf.Certificate("expected", reference!)],
            new Runbook(
                [
                    new("Back up the kubeconfig", $"cp {doc.Path} {doc.Path}.bak"),
                    new("Embed the cluster CA that is in use", $"kubectl config set-cluster {cluster.Name} --kubeconfig {doc.Path} --certificate-authority {caFile} --embed-certs"),
                    new("kubeadm does not update the CA inside kubeconfigs when certificates are renewed; do the same for every kubeconfig doctor names"),
                ],
                [new("kubectl must connect without x509 errors", $"kubectl --kubeconfig {doc.Path} get --raw /livez"), Runbooks.Rerun()])));
    }

    private static void CheckSan(KubeconfigDocument doc, KubeconfigCluster cluster, FoundCertificate? serverCert, DoctorReport report)
    {
        if (serverCert is null || cluster.Endpoint() is not { } endpoint) return;
        var name = cluster.TlsServerName ?? endpoint.Host;
        if (SanMatcher.Covers(serverCert.Certificate, name)) return;
        var subject = $"{Path.GetFileName(doc.Path)} cluster {cluster.Name}";
        var c = serverCert.Certificate;
        report.Add(new Finding(FindingIds.SanMissing, FindingSeverity.Critical, subject,
            $"{doc.Path} reaches the API server as '{name}', which is not among the API server certificate's names: clients fail with 'x509: certificate is valid for ..., not {name}'",
            [
                new("kubeconfig", doc.Path), new("server", cluster.Server ?? ""), new("name checked", name),
                new("certificate DNS SANs", string.Join(", ", c.Sans.Dns)), new("certificate IP SANs", string.Join(", ", c.Sans.Ip)),
                .. EvidenceOf.Certificate("API server", serverCert),
            ],
            new Runbook(
                [
                    new("Either point the kubeconfig at a name the certificate carries", $"kubectl config set-cluster {cluster.Name} --kubeconfig {doc.Path} --server https://<a name or IP from the SANs>:{endpoint.Port}"),
                    new("Or add the name to the API server certificate: list it under apiServer.certSANs in the kubeadm ClusterConfiguration, then regenerate", "sudo kubeadm init phase certs apiserver --config kubeadm.yaml"),
                    .. Runbooks.RestartStaticPod("kube-apiserver"),
                ],
                [new("The SANs must now include the name", "openssl x509 -in /etc/kubernetes/pki/apiserver.crt -noout -ext subjectAltName"), Runbooks.Rerun()])));
    }

    private static void CheckClient(KubeconfigDocument doc, KubeconfigUser user, FoundCertificate client, List<FoundCertificate> trusted, DoctorReport report)
    {
        var verdicts = trusted.Select(t => Certificates.SignatureVerifier.IsSignedBy(client.Certificate, t.Certificate)).ToList();
        if (verdicts.Any(v => v != false)) return;
        var subject = $"{Path.GetFileName(doc.Path)} user {user.Name}";
        report.Add(new Finding(FindingIds.ClientCertUntrusted, FindingSeverity.Critical, subject,
            $"the client certificate of user '{user.Name}' in {doc.Path} was not issued by the cluster CA: the API server answers 401 Unauthorized",
            [new("kubeconfig", doc.Path), new("user", user.Name), .. EvidenceOf.Certificate("client", client), .. trusted.Take(1).SelectMany(t => EvidenceOf.Certificate("cluster CA", t))],
            new Runbook(
                [
                    new("On a kubeadm control-plane node, regenerate the kubeconfig from the cluster CA", $"sudo kubeadm certs renew {Path.GetFileName(doc.Path)}"),
                    new("For other users, issue a new client certificate from the cluster CA (CertificateSigningRequest or kubeadm kubeconfig user)", "kubeadm kubeconfig user --client-name=<name>"),
                ],
                [new("kubectl must authenticate", $"kubectl --kubeconfig {doc.Path} auth whoami"), Runbooks.Rerun()])));
    }
}
