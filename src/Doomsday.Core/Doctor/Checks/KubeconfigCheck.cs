using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Kubeconfig;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Each kubeconfig trusts the CA the API server's certificate comes from, names a server that is in
/// that certificate's SANs, and carries a client certificate the API server accepts. On a kubeadm node
/// the cluster CA is pki/ca.crt (every CA in it: old and new during a rotation), the server certificate
/// pki/apiserver.crt, and client certificates are judged against the API server's own
/// <c>--client-ca-file</c> (else pki/ca.crt), never against the kubeconfig's CA, which says only whom the
/// client trusts. Elsewhere the server certificate comes from a handshake, and clients are judged against
/// the kubeconfig's CA; with <c>doctor --cluster</c>, a client the API server accepted is not judged at
/// all. A kubeconfig named besides the node's tree is judged as the node's when it is for the node's cluster
/// (its server is a name of pki/apiserver.crt, or it holds one of the cluster CAs); one for another cluster
/// is judged the way it would be without a tree. One problem is one finding: the kubeconfigs it affects are
/// its subject.
/// </summary>
internal sealed class KubeconfigCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    public string Name => "kubeconfig";

    public IReadOnlyList<FindingDeclaration> Emits { get; } =
        FindingDeclaration.Local(FindingIds.KubeconfigCaMismatch, FindingIds.SanMissing, FindingIds.ClientCertUntrusted);

    private sealed record Affected(KubeconfigDocument Doc, string Entry, FoundCertificate? Certificate = null, KubeconfigCluster? Cluster = null);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        var clusterCas = inputs.ClusterCas;
        var apiserver = inputs.Named(N.Apiserver);
        var caMismatch = new Dictionary<string, (string Reason, FoundCertificate Reference, List<FoundCertificate> Cas, List<Affected> Affected)>(StringComparer.Ordinal);
        var sanMissing = new Dictionary<string, (string Name, FoundCertificate Server, List<Affected> Affected)>(StringComparer.Ordinal);
        var untrusted = new Dictionary<string, (IReadOnlyList<FoundCertificate> Trusted, List<Affected> Affected)>(StringComparer.Ordinal);
        foreach (var doc in inputs.Kubeconfigs)
        {
            foreach (var cluster in doc.Clusters)
            {
                var cas = inputs.InKubeconfig(doc.Path, "cluster", cluster.Name).ToList();
                var handshake = inputs.KubeconfigServers.FirstOrDefault(s => s.Kubeconfig.Path == doc.Path && s.Cluster.Name == cluster.Name);
                var served = handshake?.Result.Chain.FirstOrDefault() is { } leaf && cluster.Endpoint() is { } at
                    ? new FoundCertificate(leaf, new EndpointSourceRef(at.Host, at.Port, cluster.TlsServerName, 0))
                    : null;
                var local = OfThisCluster(inputs, doc, cluster, cas);
                if (CaProblem(inputs, cas, local ? clusterCas : [], local ? apiserver : null, served) is { } problem)
                {
                    var key = string.Join(",", cas.Select(c => c.Certificate.FingerprintSha256).Order()) + "|" + problem.Reason;
                    if (!caMismatch.TryGetValue(key, out var group)) caMismatch[key] = group = (problem.Reason, problem.Reference, cas, []);
                    group.Affected.Add(new Affected(doc, $"cluster {cluster.Name}", Cluster: cluster));
                }
                var serverCert = (local ? apiserver : null) ?? served;
                if (serverCert is not null && cluster.Endpoint() is { } endpoint)
                {
                    var name = cluster.TlsServerName ?? endpoint.Host;
                    if (!SanMatcher.Covers(serverCert.Certificate, name))
                    {
                        var key = name + "|" + serverCert.Certificate.FingerprintSha256;
                        if (!sanMissing.TryGetValue(key, out var group)) sanMissing[key] = group = (name, serverCert, []);
                        group.Affected.Add(new Affected(doc, $"cluster {cluster.Name}", Cluster: cluster));
                    }
                }
            }
            foreach (var user in doc.Users)
            {
                var clients = inputs.InKubeconfig(doc.Path, "user", user.Name).Where(c => (((KubeconfigSourceRef)c.Source).Index ?? 0) == 0).ToList();
                if (clients.Count == 0 || AcceptedByApi(inputs, doc, user.Name)) continue;
                var ownCas = doc.ClustersOfUser(user.Name).SelectMany(c => inputs.InKubeconfig(doc.Path, "cluster", c.Name)).ToList();
                var local = inputs.ClientCas.Count > 0
                            && (doc.ClustersOfUser(user.Name).Any(c => OfThisCluster(inputs, doc, c, inputs.InKubeconfig(doc.Path, "cluster", c.Name).ToList()))
                                || !doc.ClustersOfUser(user.Name).Any() && OfThisCluster(inputs, doc, null, []));
                IReadOnlyList<FoundCertificate> trusted = local ? inputs.ClientCas : ownCas;
                if (trusted.Count == 0) continue;
                foreach (var client in clients)
                {
                    if (trusted.Any(t => SignatureVerifier.IsSignedBy(client.Certificate, t.Certificate) != false)) continue;
                    var key = client.Certificate.Issuer + "|" + client.Certificate.AuthorityKeyId;
                    if (!untrusted.TryGetValue(key, out var group)) untrusted[key] = group = (trusted, []);
                    group.Affected.Add(new Affected(doc, $"user {user.Name}", client));
                }
            }
        }
        foreach (var g in caMismatch.Values) report.Add(CaMismatch(inputs, g.Reason, g.Reference, g.Cas, g.Affected));
        foreach (var g in sanMissing.Values) report.Add(SanMissing(inputs, g.Name, g.Server, g.Affected));
        foreach (var g in untrusted.Values) report.Add(Untrusted(inputs, g.Trusted, g.Affected));
    }

    /// <summary>
    /// True when a kubeconfig entry is for the cluster of the node doctor read: a kubeconfig of the tree, or one
    /// whose server is among pki/apiserver.crt's names, or whose CA is one of the cluster CAs.
    /// </summary>
    private static bool OfThisCluster(DoctorInputs inputs, KubeconfigDocument doc, KubeconfigCluster? cluster, List<FoundCertificate> cas)
    {
        if (inputs.Layout is not { } layout) return false;
        if (string.Equals(Path.GetDirectoryName(Path.GetFullPath(doc.Path)), Path.GetFullPath(layout.Root).TrimEnd('/'), StringComparison.Ordinal)) return true;
        if (cluster?.Endpoint() is { } at && inputs.Named(N.Apiserver) is { } apiserver && SanMatcher.Covers(apiserver.Certificate, cluster.TlsServerName ?? at.Host)) return true;
        var clusterPrints = inputs.ClusterCas.Select(c => c.Certificate.FingerprintSha256).ToHashSet(StringComparer.Ordinal);
        return cas.Any(c => clusterPrints.Contains(c.Certificate.FingerprintSha256));
    }

    /// <summary>
    /// Why a kubeconfig's CA does not let its clients verify the API server, or null. On a kubeadm node it
    /// must hold one of the cluster CAs, and one that issued pki/apiserver.crt; elsewhere it must verify what
    /// the server served. A kubeconfig without a CA trusts the system roots: nothing to compare.
    /// </summary>
    private static (string Reason, FoundCertificate Reference)? CaProblem(DoctorInputs inputs, List<FoundCertificate> cas, IReadOnlyList<FoundCertificate> clusterCas,
        FoundCertificate? apiserver, FoundCertificate? served)
    {
        if (cas.Count == 0) return null;
        if (clusterCas.Count > 0)
        {
            var clusterPrints = clusterCas.Select(c => c.Certificate.FingerprintSha256).ToHashSet(StringComparer.Ordinal);
            if (!cas.Any(c => clusterPrints.Contains(c.Certificate.FingerprintSha256)))
            {
                return ($"does not hold the cluster CA ({Places.FileOf(clusterCas[0], inputs) ?? clusterCas[0].Source.Display})", clusterCas[0]);
            }
            if (apiserver is not null
                && clusterCas.Any(c => SignatureVerifier.IsSignedBy(apiserver.Certificate, c.Certificate) == true)
                && cas.All(c => SignatureVerifier.IsSignedBy(apiserver.Certificate, c.Certificate) == false))
            {
                return ("does not hold the CA that issued the API server's certificate", apiserver);
            }
            return null;
        }
        if (served is not null && cas.All(c => SignatureVerifier.IsSignedBy(served.Certificate, c.Certificate) == false))
        {
            return ($"did not issue the certificate {served.Source.Display} serves", served);
        }
        return null;
    }

    /// <summary>
    /// True when <c>doctor --cluster</c> read the API server with this user's credentials and it did not
    /// answer 401: the server's own verdict beats the guess that it trusts clients from the kubeconfig's CA.
    /// </summary>
    private static bool AcceptedByApi(DoctorInputs inputs, KubeconfigDocument doc, string user) =>
        doc.Contexts.Where(c => c.User == user).Any(context =>
            doc.Clusters.FirstOrDefault(k => k.Name == context.Cluster)?.Server is { } server
            && inputs.Clusters.Any(s => s.Context == context.Name && !s.Unreachable && s.Errors.All(e => e.HttpStatus != 401)
                                        && string.Equals(s.Server.TrimEnd('/'), server.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)));

    private static string Subject(List<Affected> affected) =>
        string.Join(", ", affected.Select(a => $"{Path.GetFileName(a.Doc.Path)} {a.Entry}").Distinct());

    private static Finding CaMismatch(DoctorInputs inputs, string reason, FoundCertificate reference, List<FoundCertificate> cas, List<Affected> affected)
    {
        var files = affected.Select(a => a.Doc.Path).Distinct().ToList();
        var steps = new Steps();
        var caFile = inputs.Named(N.Ca) is { } ca ? Places.FileOf(ca, inputs) : null;
        if (caFile is not null)
        {
            foreach (var a in affected)
            {
                var path = inputs.NodePath(a.Doc.Path);
                steps.Add(Kubeconfigs.Backup(path));
                steps.Add(Kubeconfigs.EmbedCa(path, a.Cluster!.Name, caFile));
            }
            steps.Add(new RunbookStep("kubeadm certs renew never updates the CA inside kubeconfigs: the readers must load the edited files"));
            foreach (var path in files) steps.AddRange(Kubeconfigs.RestartReaders(inputs.NodePath(path)));
        }
        else
        {
            steps.Add(new RunbookStep($"Embed the CA that issued the certificate {reference.Source.Display} presents (certificate-authority-data), then restart whatever reads the kubeconfig"));
        }
        var verify = files.Select(f => new RunbookStep($"kubectl must connect with {Path.GetFileName(f)} without x509 errors",
            $"sudo kubectl --kubeconfig {inputs.NodePath(f)} get --raw /livez", RunOn.ThisNode)).Append(Verify.Rerun()).ToList();
        var first = affected[0];
        return new Finding(FindingIds.KubeconfigCaMismatch, FindingSeverity.Critical, Subject(affected),
            $"the CA in {string.Join(", ", files.Select(Path.GetFileName))} for cluster '{first.Cluster!.Name}' {reason}: kubectl and every client using it fail with 'x509: certificate signed by unknown authority'",
            [
                .. files.Select(f => new Evidence("kubeconfig", f)),
                .. cas.SelectMany(c => EvidenceOf.Certificate("kubeconfig CA", c)),
                .. EvidenceOf.Certificate("expected", reference),
            ],
            new Runbook(steps.List, verify));
    }

    private static Finding SanMissing(DoctorInputs inputs, string name, FoundCertificate serverCert, List<Affected> affected)
    {
        var c = serverCert.Certificate;
        var port = affected[0].Cluster!.Endpoint()!.Value.Port;
        var advertised = inputs.Manifest("kube-apiserver")?.Flag("--advertise-address");
        var replacement = advertised is not null && SanMatcher.Covers(c, advertised) ? advertised : c.Sans.Ip.FirstOrDefault() ?? c.Sans.Dns.FirstOrDefault();
        var steps = new Steps();
        if (replacement is not null)
        {
            var host = replacement.Contains(':') ? $"[{replacement}]" : replacement;
            steps.Add(new RunbookStep($"If '{name}' is a mistake, point the kubeconfigs at {replacement}, a name the certificate carries, and skip the steps that add '{name}'",
                string.Join(" && ", affected.Select(a => $"sudo kubectl config set-cluster {Kubeconfigs.Quote(a.Cluster!.Name)} --kubeconfig {inputs.NodePath(a.Doc.Path)} --server https://{host}:{port}")),
                RunOn.ThisNode));
        }
        if (inputs.Named(N.Apiserver) is { } apiserver && Places.FileOf(apiserver, inputs) is { } certFile)
        {
            steps.Add(Kubeadm.ExportConfig());
            steps.Add(new RunbookStep($"Edit {Kubeadm.ConfigFile}: list '{name}' under apiServer.certSANs"));
            steps.AddRange(Kubeadm.Regenerate(N.Apiserver, certFile).Select(s => s with { On = RunOn.EachControlPlane }));
            steps.Add(new RunbookStep("Keep the new name in the cluster's configuration, so that kubeadm upgrade writes it again",
                $"sudo kubeadm init phase upload-config kubeadm --config {Kubeadm.ConfigFile}", RunOn.ControlPlane));
            steps.AddRange(StaticPods.Restart(StaticPods.ApiServer).Select(s => s with { On = RunOn.EachControlPlane }));
        }
        else
        {
            steps.Add(new RunbookStep($"Or have the API server certificate re-issued with '{name}' among its names"));
        }
        foreach (var path in affected.Select(a => a.Doc.Path).Distinct()) steps.AddRange(Kubeconfigs.RestartReaders(inputs.NodePath(path)));
        var verify = new List<RunbookStep>();
        if (inputs.Named(N.Apiserver) is { } api && Places.FileOf(api, inputs) is { } file)
        {
            verify.Add(new RunbookStep("The SANs must now include the name", $"sudo openssl x509 -in {file} -noout -ext subjectAltName", RunOn.ThisNode));
        }
        verify.Add(Verify.Rerun());
        return new Finding(FindingIds.SanMissing, FindingSeverity.Critical, Subject(affected),
            $"{string.Join(", ", affected.Select(a => Path.GetFileName(a.Doc.Path)).Distinct())} reach the API server as '{name}', which is not among the API server certificate's names: clients fail with 'x509: certificate is valid for ..., not {name}'",
            [
                .. affected.Select(a => a.Doc.Path).Distinct().Select(p => new Evidence("kubeconfig", p)),
                new("server", affected[0].Cluster!.Server ?? ""), new("name checked", name),
                new("certificate DNS SANs", string.Join(", ", c.Sans.Dns)), new("certificate IP SANs", string.Join(", ", c.Sans.Ip)),
                .. EvidenceOf.Certificate("API server", serverCert),
            ],
            new Runbook(steps.List, verify));
    }

    private static Finding Untrusted(DoctorInputs inputs, IReadOnlyList<FoundCertificate> trusted, List<Affected> affected)
    {
        var steps = new Steps();
        var verify = new List<RunbookStep>();
        foreach (var a in affected)
        {
            var nodePath = inputs.NodePath(a.Doc.Path);
            var name = Path.GetFileName(a.Doc.Path);
            if (nodePath == $"{Kubeadm.Root}/{name}" && name == N.KubeletConf)
            {
                var server = a.Doc.ClustersOfUser(((KubeconfigSourceRef)a.Certificate!.Source).EmbeddedName).FirstOrDefault()?.Server ?? a.Doc.Clusters.FirstOrDefault()?.Server;
                var node = a.Certificate.Certificate.SubjectCommonName is { } cn && cn.StartsWith("system:node:", StringComparison.Ordinal) ? cn["system:node:".Length..] : null;
                if (server is not null) steps.AddRange(Kubelet.Bootstrap(node, server));
                verify.Add(Kubelet.ClientDates());
                continue;
            }
            if (nodePath == $"{Kubeadm.Root}/{name}" && Kubeadm.Renewable.Contains(name))
            {
                steps.AddRange(Kubeadm.Renew(name));
            }
            else if (a.Certificate!.Certificate.SubjectCommonName == "kubernetes-admin")
            {
                steps.Add(new RunbookStep($"{nodePath} is a copy of kubeadm's admin.conf: copy the current one over it"));
                steps.Add(Kubeconfigs.RefreshUserCopy());
            }
            else
            {
                var cn = a.Certificate.Certificate.SubjectCommonName ?? "user";
                var orgs = a.Certificate.Certificate.Subject.Split(',').Select(p => p.Trim()).Where(p => p.StartsWith("O=", StringComparison.Ordinal)).Select(p => p[2..]);
                steps.Add(Kubeadm.ExportConfig() with { On = RunOn.ControlPlane });
                steps.Add(new RunbookStep($"Issue a kubeconfig for '{cn}' from the cluster CA (it needs pki/ca.key: on a control-plane node)",
                    $"sudo kubeadm kubeconfig user --config {Kubeadm.ConfigFile} --client-name {Kubeconfigs.Quote(cn)}"
                    + string.Concat(orgs.Select(o => $" --org {Kubeconfigs.Quote(o)}")) + $" > {Kubeconfigs.Quote(cn.Replace(':', '-'))}.conf",
                    RunOn.ControlPlane));
                steps.Add(new RunbookStep($"Replace the client certificate and key of user '{((KubeconfigSourceRef)a.Certificate.Source).EmbeddedName}' in {nodePath} with the ones in the new file, then restart whatever reads it"));
            }
            verify.Add(new RunbookStep($"kubectl must authenticate with {name}", $"sudo kubectl --kubeconfig {nodePath} auth whoami", RunOn.ThisNode));
        }
        verify.Add(Verify.Rerun());
        var subjectCa = trusted[0];
        return new Finding(FindingIds.ClientCertUntrusted, FindingSeverity.Critical, Subject(affected),
            $"the client certificate{(affected.Count > 1 ? "s" : "")} of {Subject(affected)} {(affected.Count > 1 ? "were" : "was")} not issued by a CA the API server trusts for clients ({Places.FileOf(subjectCa, inputs) ?? subjectCa.Source.Display}): the API server answers 401 Unauthorized",
            [
                .. affected.SelectMany(a => new[] { new Evidence("kubeconfig", a.Doc.Path), new Evidence("entry", a.Entry) }.Concat(EvidenceOf.Certificate("client", a.Certificate!))),
                .. trusted.SelectMany(t => EvidenceOf.Certificate("trusted CA", t)),
            ],
            new Runbook(steps.List, verify.Distinct().ToList()));
    }

    /// <summary>An ordered list of steps that keeps each one once (two kubeconfigs share a backup, a restart).</summary>
    private sealed class Steps
    {
        private readonly HashSet<(string, string?, string?)> _seen = [];
        public List<RunbookStep> List { get; } = [];

        public void Add(RunbookStep step)
        {
            if (_seen.Add((step.Description, step.Command, step.On))) List.Add(step);
        }

        public void AddRange(IEnumerable<RunbookStep> steps)
        {
            foreach (var s in steps) Add(s);
        }
    }
}
