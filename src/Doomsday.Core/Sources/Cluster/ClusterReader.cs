using System.Text.Json;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Endpoints;
using k8s;
using k8s.Models;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// Reads one cluster through its API. Certificates go to the sink as they are found (page by page:
/// a page of Secrets is decoded and dropped before the next is fetched, so memory stays flat however
/// many Secrets a cluster holds); the objects the doctor needs beyond certificates come back as a
/// <see cref="ClusterSnapshot"/>. Every read that fails becomes a <see cref="ClusterReadError"/> and a
/// <see cref="SourceError"/>; the other reads go on. Lists use server-side <c>fieldSelector</c>s
/// (Secret type, <c>kube-root-ca.crt</c> by name, excluded namespaces) so unrelated objects never
/// cross the wire. Resources read here are exactly those granted by deploy/rbac.yaml.
/// </summary>
public sealed class ClusterReader(ClusterReadOptions options, ITlsHandshaker handshaker)
{
    public const string SystemNamespace = "kube-system";

    // CRDs carry their whole OpenAPI schema (hundreds of KB each for some operators), and there is
    // no field selector for "has a conversion webhook": a smaller page keeps one page's memory bounded.
    private const int CrdPageSize = 50;
    private const string CertManagerCrd = "certificates.cert-manager.io";

    public async Task<ClusterSnapshot> ReadAsync(ClusterTarget target, IInventorySink sink, ClusterReadScope scope, CancellationToken cancellationToken)
    {
        using var client = target.CreateClient();
        var run = new Run(target.Context, client, sink, options, cancellationToken);
        var everything = scope == ClusterReadScope.Everything;
        var served = everything ? HandshakeAsync(target, cancellationToken) : Task.FromResult<IReadOnlyList<CertificateInfo>>([]);

        // One cheap call first: when the server cannot be reached or rejects the credentials, say so
        // once instead of once per kind (and do not wait a timeout per kind).
        if (await run.CallAsync("", null, ct => client.GetAsync("version/", ClusterJson.Default.VersionInfo, ct)).ConfigureAwait(false) is null
            && run.Errors.Count > 0 && run.Errors[^1].Reason is ReasonCodes.ApiUnreachable or ReasonCodes.ApiUnauthorized or ReasonCodes.Timeout)
        {
            return Snapshot(target, run, await served.ConfigureAwait(false)) with { Unreachable = true };
        }

        await ReadSecretsAsync(run).ConfigureAwait(false);
        var rootCas = await ReadConfigMapsAsync(run).ConfigureAwait(false);
        var bundles = new List<CaBundle>();
        await run.ListAsync(ClusterObjects.ValidatingWebhookConfiguration, null,
            (c, ct) => client.ListAsync("apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations", c, null, null, options.PageSize, ClusterJson.Default.V1ValidatingWebhookConfigurationList, ct),
            l => l.Metadata?.ContinueProperty,
            l => { foreach (var o in l.Items) Bundles(run, ClusterObjects.FromWebhooks(run.Context, o), bundles); }).ConfigureAwait(false);
        await run.ListAsync(ClusterObjects.MutatingWebhookConfiguration, null,
            (c, ct) => client.ListAsync("apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", c, null, null, options.PageSize, ClusterJson.Default.V1MutatingWebhookConfigurationList, ct),
            l => l.Metadata?.ContinueProperty,
            l => { foreach (var o in l.Items) Bundles(run, ClusterObjects.FromWebhooks(run.Context, o), bundles); }).ConfigureAwait(false);
        await run.ListAsync(ClusterObjects.ApiService, null,
            (c, ct) => client.ListAsync("apis/apiregistration.k8s.io/v1/apiservices", c, null, null, options.PageSize, ClusterJson.Default.V1APIServiceList, ct),
            l => l.Metadata?.ContinueProperty,
            l => { foreach (var o in l.Items) Bundles(run, ClusterObjects.FromApiService(run.Context, o), bundles); }).ConfigureAwait(false);
        var hasCertManager = (bool?)false;
        var crdsRead = await run.ListAsync(ClusterObjects.CustomResourceDefinition, null,
            (c, ct) => client.ListAsync("apis/apiextensions.k8s.io/v1/customresourcedefinitions", c, null, null, Math.Min(options.PageSize, CrdPageSize), ClusterJson.Default.V1CustomResourceDefinitionList, ct),
            l => l.Metadata?.ContinueProperty,
            l =>
            {
                foreach (var o in l.Items)
                {
                    if (o.Metadata?.Name == CertManagerCrd) hasCertManager = true;
                    Bundles(run, ClusterObjects.FromCrd(run.Context, o), bundles);
                }
            }).ConfigureAwait(false);
        if (!crdsRead) hasCertManager = null; // unknown: try, and read a 404 as "not installed"

        var csrs = new List<V1CertificateSigningRequest>();
        await run.ListAsync(ClusterObjects.CertificateSigningRequest, null,
            (c, ct) => client.ListAsync("apis/certificates.k8s.io/v1/certificatesigningrequests", c, null, null, options.PageSize, ClusterJson.Default.V1CertificateSigningRequestList, ct),
            l => l.Metadata?.ContinueProperty,
            l =>
            {
                foreach (var o in l.Items)
                {
                    foreach (var m in ClusterObjects.FromCsr(run.Context, o)) ClusterMaterialDecoder.Emit(m, options.Passphrases, sink);
                    if (everything) csrs.Add(o);
                }
            }).ConfigureAwait(false);

        if (!everything) return Snapshot(target, run, []) with { RootCaConfigMaps = rootCas, CaBundles = bundles };

        var nodes = new List<V1Node>();
        await run.ListAsync(ClusterObjects.Node, null,
            (c, ct) => client.ListAsync("api/v1/nodes", c, null, null, options.PageSize, ClusterJson.Default.V1NodeList, ct),
            l => l.Metadata?.ContinueProperty, l => nodes.AddRange(l.Items)).ConfigureAwait(false);
        var pods = new List<V1Pod>();
        await run.ListAsync(ClusterObjects.Pod, SystemNamespace,
            (c, ct) => client.ListAsync(ClusterApiClient.ListPath("api/v1", SystemNamespace, "pods"), c, null, null, options.PageSize, ClusterJson.Default.V1PodList, ct),
            l => l.Metadata?.ContinueProperty, l => pods.AddRange(l.Items)).ConfigureAwait(false);
        var deployments = new List<V1Deployment>();
        await run.ListAsync(ClusterObjects.Deployment, SystemNamespace,
            (c, ct) => client.ListAsync(ClusterApiClient.ListPath("apis/apps/v1", SystemNamespace, "deployments"), c, null, null, options.PageSize, ClusterJson.Default.V1DeploymentList, ct),
            l => l.Metadata?.ContinueProperty, l => deployments.AddRange(l.Items)).ConfigureAwait(false);
        var daemonSets = new List<V1DaemonSet>();
        await run.ListAsync(ClusterObjects.DaemonSet, SystemNamespace,
            (c, ct) => client.ListAsync(ClusterApiClient.ListPath("apis/apps/v1", SystemNamespace, "daemonsets"), c, null, null, options.PageSize, ClusterJson.Default.V1DaemonSetList, ct),
            l => l.Metadata?.ContinueProperty, l => daemonSets.AddRange(l.Items)).ConfigureAwait(false);
        var certManager = hasCertManager == false ? [] : await ReadCertManagerAsync(run, reportNotFound: hasCertManager == true).ConfigureAwait(false);

        return Snapshot(target, run, await served.ConfigureAwait(false)) with
        {
            Nodes = nodes,
            SystemPods = pods,
            SystemDeployments = deployments,
            SystemDaemonSets = daemonSets,
            SigningRequests = csrs,
            RootCaConfigMaps = rootCas,
            CaBundles = bundles,
            CertManagerCertificates = certManager,
        };
    }

    private static ClusterSnapshot Snapshot(ClusterTarget target, Run run, IReadOnlyList<CertificateInfo> served) => new()
    {
        Context = target.Context,
        Server = target.Server,
        ClusterCa = target.ClusterCa,
        ServedChain = served,
        Errors = run.Errors,
    };

    private async Task ReadSecretsAsync(Run run)
    {
        foreach (var pattern in options.Secrets)
        {
            var selector = Selector(pattern.Type == "*" ? null : $"type={pattern.Type}");
            foreach (var ns in Namespaces())
            {
                await run.ListAsync(ClusterObjects.Secret, ns,
                    (c, ct) => run.Client.ListAsync(ClusterApiClient.ListPath("api/v1", ns, "secrets"), c, selector, options.LabelSelector, options.PageSize, ClusterJson.Default.V1SecretList, ct),
                    l => l.Metadata?.ContinueProperty,
                    l =>
                    {
                        foreach (var secret in l.Items)
                        {
                            foreach (var m in ClusterObjects.FromSecret(run.Context, secret, [pattern])) ClusterMaterialDecoder.Emit(m, options.Passphrases, run.Sink);
                        }
                    }).ConfigureAwait(false);
            }
        }
    }

    private async Task<List<V1ConfigMap>> ReadConfigMapsAsync(Run run)
    {
        var roots = new List<V1ConfigMap>();
        var rootSelector = Selector($"metadata.name={ClusterObjects.RootCaConfigMap}");
        foreach (var ns in Namespaces())
        {
            await run.ListAsync(ClusterObjects.ConfigMap, ns,
                (c, ct) => run.Client.ListAsync(ClusterApiClient.ListPath("api/v1", ns, "configmaps"), c, rootSelector, null, options.PageSize, ClusterJson.Default.V1ConfigMapList, ct),
                l => l.Metadata?.ContinueProperty,
                l =>
                {
                    foreach (var map in l.Items)
                    {
                        roots.Add(map);
                        foreach (var m in ClusterObjects.FromConfigMap(run.Context, map, options.ConfigMapKeyMatches)) ClusterMaterialDecoder.Emit(m, options.Passphrases, run.Sink);
                    }
                }).ConfigureAwait(false);
        }
        if (options.ConfigMapKeys.Count == 0) return roots;

        var otherSelector = Selector($"metadata.name!={ClusterObjects.RootCaConfigMap}");
        foreach (var ns in Namespaces())
        {
            await run.ListAsync(ClusterObjects.ConfigMap, ns,
                (c, ct) => run.Client.ListAsync(ClusterApiClient.ListPath("api/v1", ns, "configmaps"), c, otherSelector, options.LabelSelector, options.PageSize, ClusterJson.Default.V1ConfigMapList, ct),
                l => l.Metadata?.ContinueProperty,
                l =>
                {
                    foreach (var map in l.Items)
                    {
                        foreach (var m in ClusterObjects.FromConfigMap(run.Context, map, options.ConfigMapKeyMatches)) ClusterMaterialDecoder.Emit(m, options.Passphrases, run.Sink);
                    }
                }).ConfigureAwait(false);
        }
        return roots;
    }

    private async Task<List<CertManagerCertificate>> ReadCertManagerAsync(Run run, bool reportNotFound)
    {
        var found = new List<CertManagerCertificate>();
        foreach (var ns in Namespaces())
        {
            var ok = await run.ListAsync(ClusterObjects.CertManagerCertificate, ns,
                (c, ct) => Untyped(run.Client.ListAsync(ClusterApiClient.ListPath("apis/cert-manager.io/v1", ns, "certificates"), c, null, null, options.PageSize, ClusterJson.Default.JsonElement, ct)),
                l => CertManagerCertificates.Continue(l),
                l => found.AddRange(CertManagerCertificates.Items(l)),
                ignoreNotFound: !reportNotFound).ConfigureAwait(false);
            if (!ok && !reportNotFound) break;
        }
        return found;
    }

    /// <summary>A custom resource list as the client gave it: untyped JSON (there is no model type for it).</summary>
    private static async Task<object> Untyped(Task<JsonElement> list) => await list.ConfigureAwait(false);

    private static void Bundles(Run run, IEnumerable<ClusterMaterial> materials, List<CaBundle> bundles)
    {
        foreach (var m in materials)
        {
            var certs = ClusterMaterialDecoder.Emit(m, run.Options.Passphrases, run.Sink);
            var t = m.Bundle!;
            bundles.Add(new CaBundle(m.Source.ObjectKind, m.Source.Name, t.Entry, m.Source.Key, certs, t.ServiceNamespace, t.ServiceName, t.Url) { FailurePolicy = t.FailurePolicy });
        }
    }

    private IEnumerable<string?> Namespaces() => options.IncludeNamespaces.Count > 0 ? options.IncludeNamespaces.Select(n => (string?)n) : [null];

    /// <summary>Joins a selector with the excluded namespaces (<c>metadata.namespace!=NS</c>, server-side).</summary>
    private string? Selector(string? first)
    {
        var parts = new List<string>();
        if (first is not null) parts.Add(first);
        parts.AddRange(options.ExcludeNamespaces.Select(ns => $"metadata.namespace!={ns}"));
        return parts.Count == 0 ? null : string.Join(",", parts);
    }

    private async Task<IReadOnlyList<CertificateInfo>> HandshakeAsync(ClusterTarget target, CancellationToken ct)
    {
        if (!Uri.TryCreate(target.Server, UriKind.Absolute, out var uri) || uri.Scheme != "https") return [];
        var result = await handshaker.HandshakeAsync(new EndpointTarget(uri.IdnHost.Trim('[', ']'), uri.Port, target.Configuration.TlsServerName),
            options.Timeout, ct).ConfigureAwait(false);
        return result.Chain;
    }

    /// <summary>The state of one cluster read: the client, the sink and the errors so far.</summary>
    private sealed class Run(string context, ClusterApiClient client, IInventorySink sink, ClusterReadOptions options, CancellationToken cancellationToken)
    {
        public string Context { get; } = context;
        public ClusterApiClient Client { get; } = client;
        public IInventorySink Sink { get; } = sink;
        public ClusterReadOptions Options { get; } = options;
        public List<ClusterReadError> Errors { get; } = [];

        /// <summary>One call bounded by the timeout; null (and an error recorded) when it failed.</summary>
        public async Task<T?> CallAsync<T>(string kind, string? ns, Func<CancellationToken, Task<T>> call, bool ignoreNotFound = false) where T : class
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(Options.Timeout);
            try
            {
                return await call(cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (ClusterApiErrors.Classify(e, cancellationToken) is { } failure)
            {
                if (ignoreNotFound && failure.Status == 404) return null;
                Errors.Add(new ClusterReadError(kind, ns, failure.Reason, failure.Status, failure.Message));
                var what = kind.Length == 0 ? "API server" : $"list {kind}" + (ns is null ? "" : $" in {ns}");
                Sink.Add(new SourceError(new ClusterSourceRef(Context, kind, ns, "", ""), failure.Reason, $"{Context}: {what}: {failure.Message}") { HttpStatus = failure.Status });
                return null;
            }
        }

        /// <summary>Pages through a list (<c>limit</c> + <c>continue</c>), handing each page to <paramref name="process"/> and dropping it.</summary>
        public async Task<bool> ListAsync<TList>(string kind, string? ns, Func<string?, CancellationToken, Task<TList>> fetch,
            Func<TList, string?> next, Action<TList> process, bool ignoreNotFound = false) where TList : class
        {
            string? token = null;
            do
            {
                var page = await CallAsync(kind, ns, ct => fetch(token, ct), ignoreNotFound).ConfigureAwait(false);
                if (page is null) return false;
                process(page);
                token = next(page);
            }
            while (!string.IsNullOrEmpty(token));
            return true;
        }
    }
}
