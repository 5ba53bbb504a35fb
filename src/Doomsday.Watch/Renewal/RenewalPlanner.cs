using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Watch.Probes;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Watch.Renewal;

/// <summary>
/// Stage 1, read-only: finds what <c>kubeadm certs renew</c> would renew on this node and what each
/// certificate is now, which static pods load them (restarted in <c>kubeadm upgrade</c>'s order), and
/// whether it is safe to start: the tree, the lock, the CAs (present with their keys, valid long
/// enough), the clock, etcd's health and quorum, what each component serves now.
/// </summary>
public sealed class RenewalPlanner(ITlsHandshaker handshaker, TimeProvider time, IRenewalEnvironment environment)
{
    /// <summary>
    /// kubeadm upgrade's restart order (phases/upgrade/staticpods.go: etcd first, then constants.ControlPlaneComponents),
    /// so the API server comes back to an etcd that already presents its renewed certificate. doctor's runbooks
    /// (<see cref="Core.Doctor.Runbooks.Components.RenewalRestartOrder"/>) follow the order of kubeadm certs renew's closing message instead.
    /// </summary>
    public static readonly IReadOnlyList<string> RestartOrder =
        [Core.Doctor.Runbooks.StaticPods.Etcd, Core.Doctor.Runbooks.StaticPods.ApiServer, Core.Doctor.Runbooks.StaticPods.ControllerManager, Core.Doctor.Runbooks.StaticPods.Scheduler];

    /// <summary>Every certificate <c>kubeadm certs renew all</c> renews, in its files' order (pki/ leaves, then kubeconfigs).</summary>
    public static IReadOnlyList<string> RenewableNames { get; } =
        [.. N.PkiFiles.Where(f => f.Authority is not null).Select(f => f.Name), .. KubeadmRenewal.Kubeconfigs];

    public async Task<RenewalPlan> PlanAsync(RenewalRequest request, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(request.KubeadmRoot);
        var layout = new KubeadmLayout(root);
        var node = KubeadmNode.Discover(layout);
        var checks = new List<PreflightCheck>();
        var now = time.GetUtcNow();

        if (node.Errors.FirstOrDefault(e => e.Reason is ReasonCodes.NotFound or ReasonCodes.NoCertificateFound) is { } missingTree)
        {
            checks.Add(new("kubeadm tree", CheckStatus.Failed, missingTree.Message));
            return new RenewalPlan(root, [], [], checks, "none", "none", null);
        }

        var (configuration, configSource, configCheck) = await ReadConfigurationAsync(request, root, cancellationToken).ConfigureAwait(false);
        checks.Add(configCheck);

        var sink = new CollectingSink();
        await Scanner.RunAsync([new KubeadmSource(layout, new ScanOptions())], sink, cancellationToken).ConfigureAwait(false);

        var unknown = request.Names.Where(n => !RenewableNames.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            checks.Add(new("selection", CheckStatus.Failed,
                $"{string.Join(", ", unknown)}: not a certificate kubeadm renews (one of {string.Join(", ", RenewableNames)})"));
        }
        var certificates = RenewableNames.Select(name => Plan(name, request, root, sink, now)).ToList();

        // A worker (kubeadm join without --control-plane): no static pods, none of the files kubeadm certs renew handles.
        var worker = node.Manifests.Count == 0 && certificates.All(c => c.Action is PlannedAction.Missing or PlannedAction.NotSelected);
        if (worker)
        {
            checks.Add(new("worker node", CheckStatus.Failed,
                $"{root} has no control-plane manifests and none of the certificates kubeadm certs renew handles: this is a worker node, where there is nothing to renew. " +
                $"Its kubelet renews its own client certificate (rotateCertificates: true in {Core.Doctor.Runbooks.Kubelet.ConfigFile}); doomsday doctor --kubeadm {root} checks that " +
                "and gives the recovery when the kubelet's certificate has expired"));
        }
        checks.AddRange(AuthorityChecks(certificates, root, configuration, now, worker));
        checks.Add(ClockCheck(sink, now));
        checks.Add(LockCheck(root, request.DryRun));
        if (configuration is not null && layout.Map(configuration.CertificatesDir).TrimEnd('/') != layout.Pki)
        {
            checks.Add(new("certificatesDir", CheckStatus.Failed,
                $"the ClusterConfiguration keeps the certificates in {configuration.CertificatesDir}, not {layout.Pki}: renew reads and writes {layout.Pki} only; " +
                $"use kubeadm certs renew --cert-dir {configuration.CertificatesDir} and restart the static pods by hand"));
        }

        var renewed = certificates.Where(c => c.Action == PlannedAction.Renew).SelectMany(c => c.KeyFile is null ? [c.File] : new[] { c.File, c.KeyFile })
            .ToHashSet(StringComparer.Ordinal);
        var components = await ComponentsAsync(node, layout, root, renewed, request, checks, cancellationToken).ConfigureAwait(false);
        await EtcdCheckAsync(node, layout, request, checks, cancellationToken).ConfigureAwait(false);

        var renewer = environment.Renewer(request, root, configuration, node);
        return new RenewalPlan(root, certificates, components, checks, renewer.Description, configSource, configuration);
    }

    private static PlannedCertificate Plan(string name, RenewalRequest request, string root, CollectingSink sink, DateTimeOffset now)
    {
        var pki = N.PkiFiles.FirstOrDefault(f => f.Name == name);
        var file = pki is null ? name : Path.Combine("pki", pki.RelativePath);
        var keyFile = pki is null ? null : file[..^".crt".Length] + ".key";
        var authority = pki?.Authority ?? N.Ca;
        var current = sink.Certificates.FirstOrDefault(c => c.Name == name && c.Source is FileSourceRef or KubeconfigSourceRef { EmbeddedKind: "user" })?.Certificate;
        var severity = current is null ? (Severity?)null : request.Thresholds.Classify(current.NotBefore, current.NotAfter, now);
        if (request.Names.Count > 0 && !request.Names.Contains(name)) return new(name, file, keyFile, authority, current, severity, PlannedAction.NotSelected, null);
        if (!File.Exists(Path.Combine(root, file)) || current is null)
        {
            var note = name == N.SuperAdminConf ? "only the node that ran kubeadm init has it (kubeadm renews it there)"
                : File.Exists(Path.Combine(root, file)) ? "holds no embedded client certificate" : "does not exist";
            return new(name, file, keyFile, authority, current, severity, PlannedAction.Missing, note);
        }
        if (!File.Exists(Path.Combine(root, CaKeyFile(authority))))
        {
            return new(name, file, keyFile, authority, current, severity, PlannedAction.ExternalCa, $"{CaKeyFile(authority)} is absent: {authority} is externally managed");
        }
        return new(name, file, keyFile, authority, current, severity, PlannedAction.Renew, null);
    }

    /// <summary>The CA's key file relative to the root (kubeadm's CA base names: ca, etcd/ca, front-proxy-ca).</summary>
    public static string CaKeyFile(string authority) => Path.Combine("pki", authority switch
    {
        N.EtcdCa => Path.Combine("etcd", "ca"),
        N.FrontProxyCa => "front-proxy-ca",
        _ => "ca",
    }) + ".key";

    public static string CaCertFile(string authority) => CaKeyFile(authority)[..^".key".Length] + ".crt";

    private static IEnumerable<PreflightCheck> AuthorityChecks(List<PlannedCertificate> certificates, string root, KubeadmClusterConfiguration? configuration, DateTimeOffset now,
        bool worker)
    {
        var selected = certificates.Where(c => c.Action != PlannedAction.NotSelected).ToList();
        var external = selected.Where(c => c.Action == PlannedAction.ExternalCa).ToList();
        var renewable = selected.Where(c => c.Action == PlannedAction.Renew).ToList();
        if (external.Count > 0)
        {
            var cas = string.Join(", ", external.Select(c => c.Authority).Distinct());
            var instead = renewable.Count == 0
                ? "Nothing can be renewed here"
                : $"To renew only what this node's CAs can sign: doomsday renew {string.Join(' ', renewable.Select(c => c.Name))}";
            yield return new("external CA", CheckStatus.Failed,
                $"{cas} {(external.Select(c => c.Authority).Distinct().Count() == 1 ? "is" : "are")} externally managed (CA key absent): " +
                $"{string.Join(", ", external.Select(c => c.Name))} cannot be renewed on this node and nothing was renewed. " +
                "Have them signed by the CA that holds the key (kubeadm certs generate-csr writes the keys and CSRs), put the certificates in place, then restart the static pods. " +
                instead);
        }
        else if (renewable.Count == 0 && !worker)
        {
            yield return new("selection", CheckStatus.Failed, "none of the selected certificates exists on this node: nothing to renew");
        }
        var validity = configuration?.CertificateValidity ?? KubeadmRenewal.DefaultValidity;
        foreach (var authority in renewable.Select(c => c.Authority).Distinct())
        {
            var path = Path.Combine(root, CaCertFile(authority));
            CertificateInfo? ca = null;
            if (File.Exists(path) && DerCertificateParser.TryParse(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(path).RawData, out var info, out _)) ca = info;
            if (ca is null)
            {
                yield return new($"CA {authority}", CheckStatus.Failed, $"{path} cannot be read");
            }
            else if (ca.NotAfter <= now)
            {
                yield return new($"CA {authority}", CheckStatus.Failed,
                    $"{CaCertFile(authority)} expired on {ca.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC: certificates it signs now are not trusted. Rotate the CA first " +
                    "(https://kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates/); renewing leaves under it changes nothing");
            }
            else if (ca.NotAfter < now + validity)
            {
                yield return new($"CA {authority}", CheckStatus.Warning,
                    $"{CaCertFile(authority)} expires on {ca.NotAfter.UtcDateTime:yyyy-MM-dd} UTC, before the renewed certificates would ({(now + validity).UtcDateTime:yyyy-MM-dd}): " +
                    $"they stop working with it, in {Durations.FormatResidual(ca.NotAfter - now)}. Plan the CA's rotation");
            }
            else
            {
                yield return new($"CA {authority}", CheckStatus.Ok, $"valid until {ca.NotAfter.UtcDateTime:yyyy-MM-dd}, its key present");
            }
        }
    }

    /// <summary>A clock behind the certificates already issued makes new ones that others see as not yet valid.</summary>
    private static PreflightCheck ClockCheck(CollectingSink sink, DateTimeOffset now)
    {
        var ahead = sink.Certificates.Where(c => c.Source is FileSourceRef && c.Certificate.NotBefore > now + KubeadmRenewal.Backdate)
            .OrderByDescending(c => c.Certificate.NotBefore).FirstOrDefault();
        return ahead is null
            ? new PreflightCheck("clock", CheckStatus.Ok, $"{now.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, after every certificate's notBefore")
            : new PreflightCheck("clock", CheckStatus.Failed,
                $"this node's clock ({now.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC) is before {ahead.Name ?? ahead.Source.ToString()}'s notBefore " +
                $"({ahead.Certificate.NotBefore.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC): fix the time first (timedatectl; chronyc tracking)");
    }

    private static PreflightCheck LockCheck(string root, bool dryRun)
    {
        var held = RenewalLock.IsHeld(root, out var holder);
        if (held) return new("lock", CheckStatus.Failed, $"another renewal is running ({holder}): wait for it to finish");
        return new("lock", CheckStatus.Ok, dryRun ? "no other renewal is running (a dry run takes no lock)" : $"no other renewal is running; {RenewalLock.FileName} is taken for the run");
    }

    private async Task<List<PlannedComponent>> ComponentsAsync(KubeadmNode node, KubeadmLayout layout, string root, HashSet<string> renewed,
        RenewalRequest request, List<PreflightCheck> checks, CancellationToken cancellationToken)
    {
        var endpoints = ComponentEndpoints.Derive(node.Manifests, request.ComponentOverrides, probeLocalDefaults: true, kubeletServingCert: "");
        var components = new List<PlannedComponent>();
        foreach (var pod in RestartOrder)
        {
            if (node.Manifests.FirstOrDefault(m => m.Component == pod) is not { } manifest) continue;
            var files = manifest.Flags.Values.Where(v => v.StartsWith('/'))
                .Select(v => Path.GetRelativePath(root, Path.GetFullPath(layout.Map(v))))
                .Where(renewed.Contains).Distinct().Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0) continue;
            var mine = endpoints.Where(e => ComponentEndpoints.PodOf(e.Component) == pod).ToList();
            var served = mine.Select(e => new ServedExpectation(e.Component == "etcd-peer" ? "peer" : e.Component == "etcd" ? "client" : "serving", e.Target, null, null))
                .ToList();
            var servedFiles = mine.Select(e => e.CertificateFile is null ? null : Path.GetFullPath(layout.Map(e.CertificateFile))).ToList();
            var before = new List<ServedObservation>();
            foreach (var s in served)
            {
                var result = await handshaker.HandshakeAsync(s.Target, request.Verify.HandshakeTimeout, cancellationToken).ConfigureAwait(false);
                var leaf = result.Chain.Count > 0 ? result.Chain[0] : null;
                before.Add(new ServedObservation(s.What, $"{s.Target.Host}:{s.Target.Port}", leaf?.FingerprintSha256, leaf?.Subject, leaf is not null,
                    leaf is null ? $"{result.Reason}: {result.Message}" : null));
            }
            var silent = before.Where(b => !b.AsExpected).ToList();
            checks.Add(silent.Count == 0
                ? new($"{pod} serves", CheckStatus.Ok, string.Join("; ", before.Select(b => $"{b.Address} {b.Fingerprint![..16]}… ({b.Subject})")))
                : new($"{pod} serves", CheckStatus.Warning,
                    $"{string.Join("; ", silent.Select(b => $"{b.Address}: {b.Problem}"))}: it is restarted all the same, and verified afterwards"));
            components.Add(new PlannedComponent(pod, manifest.Path, files, served, servedFiles, before));
        }
        return components;
    }

    private async Task EtcdCheckAsync(KubeadmNode node, KubeadmLayout layout, RenewalRequest request, List<PreflightCheck> checks, CancellationToken cancellationToken)
    {
        if (node.Manifests.FirstOrDefault(m => m.Component == "etcd") is not { } etcd) return;
        var endpoint = ComponentEndpoints.Derive(node.Manifests, request.ComponentOverrides, true, "").FirstOrDefault(e => e.Component == "etcd");
        if (endpoint is null) return;
        var tls = EtcdClientTls(layout, etcd);
        var view = await EtcdQuorum.ReadAsync($"https://{endpoint.Target.Host}:{endpoint.Target.Port}", tls, time, request.Verify.HandshakeTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (view.Error is not null)
        {
            checks.Add(new("etcd quorum", CheckStatus.Warning, $"the member list could not be read ({view.Error}): restarting etcd proceeds as on a single member"));
            return;
        }
        var status = view.SurvivesRestart ? CheckStatus.Ok : CheckStatus.Failed;
        var detail = view.Members == 1
            ? $"1 member, {(view.Healthy == 1 ? "healthy" : "unhealthy")}: the API server is unavailable while etcd restarts (seconds)"
            : $"{view.Members} members, {view.Healthy} healthy, quorum {view.Quorum}" + (view.Unhealthy.Count > 0 ? $"; unhealthy: {string.Join(", ", view.Unhealthy)}" : "") +
              (view.SurvivesRestart ? "" : ": restarting this member would lose quorum. Bring the unhealthy members back first; renew one node at a time, the next only once this one is verified");
        checks.Add(new("etcd quorum", status, detail));
    }

    /// <summary>The healthcheck client kubeadm writes for etcd's liveness probe, trusting the etcd CA the manifest names.</summary>
    internal static TlsClientOptions EtcdClientTls(KubeadmLayout layout, StaticPodManifest etcd) => new()
    {
        Ca = layout.Map(etcd.Flag("--trusted-ca-file") ?? "/etc/kubernetes/pki/etcd/ca.crt"),
        Cert = Path.Combine(layout.Pki, "etcd", "healthcheck-client.crt"),
        Key = Path.Combine(layout.Pki, "etcd", "healthcheck-client.key"),
    };

    private async Task<(KubeadmClusterConfiguration?, string, PreflightCheck)> ReadConfigurationAsync(RenewalRequest request, string root, CancellationToken cancellationToken)
    {
        string text;
        string source;
        if (request.KubeadmConfigFile is { } file)
        {
            try
            {
                text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, file, new("kubeadm configuration", CheckStatus.Failed, $"{file}: {e.Message}"));
            }
            source = file;
        }
        else
        {
            var (fetched, where, error) = await environment.FetchClusterConfigurationAsync(root, cancellationToken).ConfigureAwait(false);
            if (fetched is null)
            {
                return (null, "none", new("kubeadm configuration", CheckStatus.Warning,
                    $"not read from the cluster ({error}): kept from the certificates themselves (key kind and size, 365 days); " +
                    "give --kubeadm-config FILE when the cluster sets encryptionAlgorithm or certificateValidityPeriod"));
            }
            text = fetched;
            source = where!;
        }
        if (!KubeadmClusterConfiguration.TryParse(text, out var configuration, out var parseError))
        {
            return (null, source, new("kubeadm configuration", CheckStatus.Failed, $"{source}: {parseError}"));
        }
        return (configuration, source, new("kubeadm configuration", CheckStatus.Ok,
            $"from {source}: certificatesDir {configuration.CertificatesDir}, keys {configuration.KeyAlgorithm?.ToKubeadm() ?? "RSA-2048 (default)"}, " +
            $"validity {(configuration.CertificateValidity is { } v ? Durations.Format(v) : "365d (default)")}"));
    }
}
