using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;
using k8s.Models;

namespace Doomsday.Core.Tests.Sources.Cluster;

/// <summary>
/// The cluster reader against the FAKE API server (no kube-apiserver can run on these machines; see
/// <see cref="FakeKubeApiServer"/>): HTTPS, client certificates, RBAC 403s and real paging, so the
/// reader is exercised through the real KubernetesClient over the network.
/// </summary>
public sealed class ClusterReaderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TempDir _dir = new();
    private FakeKubeApiServer _server = null!;
    private X509Certificate2 _ca = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        _ca = TestPki.CreateCa("cluster-ca", Now.AddDays(-10), Now.AddYears(5));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private X509Certificate2 Leaf(string name, int days = 60) => TestPki.CreateServer(name, [name + ".example"], Now.AddDays(-1), Now.AddDays(days), _ca);

    /// <summary>A small but complete cluster: one of every kind the reader looks at.</summary>
    private void SeedCluster()
    {
        foreach (var ns in new[] { "default", "kube-system", "apps" }) _server.Add(FakeObjects.RootCa(ns, _server.ServerCa));
        _server.Add(FakeObjects.TlsSecret("apps", "web-tls", [Leaf("web")], ca: _ca));
        _server.Add(FakeObjects.Secret("apps", "helm", "helm.sh/release.v1", new Dictionary<string, byte[]> { ["release"] = new byte[64] }));
        _server.Add(FakeObjects.ConfigMap("apps", "settings", new Dictionary<string, string> { ["app.yaml"] = "x: 1" }));
        _server.Add(FakeObjects.ValidatingWebhook("policy", _ca, "policy-system", "policy-webhook", failurePolicy: "Fail"));
        _server.Add(FakeObjects.MutatingWebhook("injector", _ca, "https://injector.example:8443/mutate", failurePolicy: "Ignore"));
        _server.Add(FakeObjects.ApiService("v1beta1.metrics.k8s.io", _ca, "kube-system", "metrics-server"));
        _server.Add(new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "widgets.example.com" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "example.com",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "widgets", Kind = "Widget" },
                Versions = [new V1CustomResourceDefinitionVersion { Name = "v1", Served = true, Storage = true }],
                Conversion = new V1CustomResourceConversion
                {
                    Strategy = "Webhook",
                    Webhook = new V1WebhookConversion
                    {
                        ConversionReviewVersions = ["v1"],
                        ClientConfig = new Apiextensionsv1WebhookClientConfig { CaBundle = FakeObjects.Pem(_ca), Service = new Apiextensionsv1ServiceReference { NamespaceProperty = "widgets", Name = "converter" } },
                    },
                },
            },
        });
        _server.Add(FakeObjects.Csr("csr-issued", "kubernetes.io/kube-apiserver-client-kubelet", Leaf("node-1"), Now.AddHours(-2).UtcDateTime));
        _server.Add(FakeObjects.Csr("csr-pending", "kubernetes.io/kubelet-serving", null, Now.AddHours(-3).UtcDateTime));
        _server.Add(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" }, Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] } });
        _server.Add(new V1Pod { Metadata = new V1ObjectMeta { NamespaceProperty = "kube-system", Name = "coredns-1" }, Status = new V1PodStatus { Phase = "Running" } });
        _server.Add(new V1Pod { Metadata = new V1ObjectMeta { NamespaceProperty = "apps", Name = "web-1" }, Status = new V1PodStatus { Phase = "Running" } });
        _server.Add(new V1Deployment { Metadata = new V1ObjectMeta { NamespaceProperty = "kube-system", Name = "coredns" } });
        _server.Add(new V1DaemonSet { Metadata = new V1ObjectMeta { NamespaceProperty = "kube-system", Name = "calico-node" } });
        _server.AddCertManagerCrd();
        _server.AddCustom(FakeResource.CertManagerCertificates, FakeObjects.CertManagerCertificate("apps", "web", "web-tls", Now.AddDays(60), ready: true));
        _server.AddCustom(FakeResource.CertManagerCertificates, FakeObjects.CertManagerCertificate("apps", "broken", "broken-tls", Now.AddDays(-1), ready: false, reason: "Failed"));
    }

    private ClusterTarget Target(string context = "fake") =>
        ClusterTargets.Resolve([_server.WriteKubeconfig(Path.Combine(_dir.Path, context + ".kubeconfig"), context)], [], _ => null, _dir.Path).Targets.Single();

    private static async Task<(ClusterSnapshot Snapshot, CollectingSink Sink)> ReadAsync(ClusterTarget target, ClusterReadOptions? options = null, ClusterReadScope scope = ClusterReadScope.Everything)
    {
        var sink = new CollectingSink();
        var snapshot = await new ClusterReader(options ?? new ClusterReadOptions(), ITlsHandshaker.Default).ReadAsync(target, sink, scope, CancellationToken.None);
        return (snapshot, sink);
    }

    private static List<string> Places(CollectingSink sink) =>
        sink.Certificates.Select(c => (ClusterSourceRef)c.Source).Select(s => $"{s.ObjectKind} {s.Namespace}/{s.Name} {s.Key}#{s.Index}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task ReadAsync_CompleteCluster_ReportsEveryCertificateAndObject()
    {
        SeedCluster();

        var (snapshot, sink) = await ReadAsync(Target());

        Assert.Empty(sink.Errors);
        Assert.Equal(
        [
            "APIService /v1beta1.metrics.k8s.io spec.caBundle#0",
            "CertificateSigningRequest /csr-issued status.certificate#0",
            "ConfigMap apps/kube-root-ca.crt ca.crt#0",
            "ConfigMap default/kube-root-ca.crt ca.crt#0",
            "ConfigMap kube-system/kube-root-ca.crt ca.crt#0",
            "CustomResourceDefinition /widgets.example.com spec.conversion.webhook.clientConfig.caBundle#0",
            "MutatingWebhookConfiguration /injector webhooks[0].clientConfig.caBundle#0",
            "Secret apps/web-tls tls.crt#0", // not ca.crt: x509-certificate-exporter's default reads tls.crt only
            "ValidatingWebhookConfiguration /policy webhooks[0].clientConfig.caBundle#0",
        ], Places(sink));
        Assert.True(sink.Certificates.Single(c => c.Source is ClusterSourceRef { Key: "tls.crt" }).KeyMatches);
        Assert.Equal("fake", snapshot.Context);
        Assert.Equal(_server.Url, snapshot.Server.TrimEnd('/'));
        Assert.Equal(TestPki.Sha256(_server.ServerCa), Assert.Single(snapshot.ClusterCa).FingerprintSha256);
        Assert.Equal(TestPki.Sha256(_server.ServingCertificate), snapshot.ServedChain[0].FingerprintSha256);
        Assert.Equal(["node-1"], snapshot.Nodes.Select(n => n.Metadata.Name));
        Assert.Equal(["coredns-1"], snapshot.SystemPods.Select(p => p.Metadata.Name));
        Assert.Equal(["coredns"], snapshot.SystemDeployments.Select(d => d.Metadata.Name));
        Assert.Equal(["calico-node"], snapshot.SystemDaemonSets.Select(d => d.Metadata.Name));
        Assert.Equal(["csr-issued", "csr-pending"], snapshot.SigningRequests.Select(c => c.Metadata.Name).Order());
        Assert.Equal(3, snapshot.RootCaConfigMaps.Count);
        var policy = snapshot.CaBundles.Single(b => b.ObjectName == "policy");
        Assert.Equal(("policy.example.com", "policy-system", "policy-webhook"), (policy.Entry, policy.ServiceNamespace, policy.ServiceName));
        Assert.Equal(TestPki.Sha256(_ca), Assert.Single(policy.Certificates).FingerprintSha256);
        Assert.Equal("https://injector.example:8443/mutate", snapshot.CaBundles.Single(b => b.ObjectName == "injector").Url);
        Assert.Equal(4, snapshot.CaBundles.Count);
        // failurePolicy comes from each admission webhook; APIService and CRD bundles have none.
        Assert.Equal(["APIService=", "CustomResourceDefinition=", "MutatingWebhookConfiguration=Ignore", "ValidatingWebhookConfiguration=Fail"],
            snapshot.CaBundles.Select(b => $"{b.ObjectKind}={b.FailurePolicy}").Order(StringComparer.Ordinal));
        var broken = snapshot.CertManagerCertificates.Single(c => c.Name == "broken");
        Assert.Equal((false, "Failed", "broken-tls"), (broken.Ready, broken.ReadyReason, broken.SecretName));
        Assert.True(snapshot.CertManagerCertificates.Single(c => c.Name == "web").Ready);
        Assert.False(snapshot.Unreachable);
    }

    [Fact]
    public async Task ReadAsync_SecretsForbidden_IsOneErrorAndOtherKindsAreStillReported()
    {
        SeedCluster();
        _server.Forbid("secrets");

        var (snapshot, sink) = await ReadAsync(Target());

        var error = Assert.Single(snapshot.Errors);
        Assert.Equal(("Secret", ReasonCodes.ApiForbidden, 403), (error.ObjectKind, error.Reason, error.HttpStatus));
        var sourceError = Assert.Single(sink.Errors);
        Assert.Equal(new ClusterSourceRef("fake", "Secret", null, "", ""), sourceError.Source);
        Assert.Contains("cannot list resource \"secrets\"", sourceError.Message);
        Assert.DoesNotContain(sink.Certificates, c => c.Source is ClusterSourceRef { ObjectKind: "Secret" });
        Assert.Equal(3, sink.Certificates.Count(c => c.Source is ClusterSourceRef { ObjectKind: "ConfigMap" }));
        Assert.Single(snapshot.Nodes);
    }

    [Fact]
    public async Task ReadAsync_DeployRbacClusterRole_AllowsEveryRead()
    {
        SeedCluster();
        var role = _server.EnforceClusterRole(Path.Combine(RepoPaths.Root, "deploy", "rbac.yaml"));

        var (snapshot, sink) = await ReadAsync(Target());

        Assert.Empty(snapshot.Errors);
        Assert.Equal(9, sink.Certificates.Count); // every certificate of the complete cluster (tls.crt, not ca.crt, of TLS Secrets)
        Assert.Equal(2, snapshot.CertManagerCertificates.Count);
        Assert.All(role.Rules, r => Assert.Equal(["list"], r.Verbs));
    }

    public static TheoryData<string, string> EveryGrantedResource() => new()
    {
        { "secrets", "Secret" }, { "configmaps", "ConfigMap" }, { "nodes", "Node" }, { "pods", "Pod" },
        { "deployments", "Deployment" }, { "daemonsets", "DaemonSet" },
        { "validatingwebhookconfigurations", "ValidatingWebhookConfiguration" }, { "mutatingwebhookconfigurations", "MutatingWebhookConfiguration" },
        { "apiservices", "APIService" }, { "customresourcedefinitions", "CustomResourceDefinition" },
        { "certificatesigningrequests", "CertificateSigningRequest" }, { "certificates", "Certificate" },
    };

    [Theory]
    [MemberData(nameof(EveryGrantedResource))]
    public async Task ReadAsync_DeployRbacWithoutOneResource_OnlyThatReadIsForbidden(string resource, string kind)
    {
        SeedCluster();
        var role = KubernetesYamlRole();
        foreach (var rule in role.Rules) rule.Resources = rule.Resources.Where(r => r != resource).ToList();
        _server.EnforceClusterRole(role);

        var (snapshot, _) = await ReadAsync(Target());

        var error = Assert.Single(snapshot.Errors);
        Assert.Equal((kind, ReasonCodes.ApiForbidden), (error.ObjectKind, error.Reason));
    }

    private static V1ClusterRole KubernetesYamlRole() =>
        FakeKubeApiServer.LoadClusterRole(Path.Combine(RepoPaths.Root, "deploy", "rbac.yaml"));

    [Fact]
    public async Task ReadAsync_NoCertManagerCrd_DoesNotAskForCertManagerCertificates()
    {
        _server.Add(FakeObjects.RootCa("default", _server.ServerCa));

        var (snapshot, _) = await ReadAsync(Target());

        Assert.Empty(snapshot.Errors);
        Assert.Empty(snapshot.CertManagerCertificates);
        Assert.DoesNotContain(_server.Requests, r => r.Path.Contains("cert-manager.io"));
    }

    [Fact]
    public async Task ReadAsync_ServerNotListening_IsUnreachableOnce()
    {
        using var closed = TcpPorts.Closed(); // no API server listens there until the test ends
        var path = _server.WriteKubeconfig(Path.Combine(_dir.Path, "down"), "down", server: $"https://127.0.0.1:{closed.Port}");
        var target = ClusterTargets.Resolve([path], [], _ => null, _dir.Path).Targets.Single();

        var (snapshot, sink) = await ReadAsync(target);

        Assert.True(snapshot.Unreachable);
        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.ApiUnreachable, error.Reason);
        Assert.Contains("connection refused", error.Message);
        Assert.Empty(snapshot.ServedChain);
    }

    [Fact]
    public async Task ReadAsync_NamespaceFilters_AreAppliedByTheServer()
    {
        foreach (var ns in new[] { "a", "b", "c" })
        {
            _server.Add(FakeObjects.TlsSecret(ns, "tls", [Leaf(ns)]));
            _server.Add(FakeObjects.RootCa(ns, _server.ServerCa));
        }

        var (_, included) = await ReadAsync(Target(), new ClusterReadOptions { IncludeNamespaces = ["b"] }, ClusterReadScope.Certificates);
        var (_, excluded) = await ReadAsync(Target(), new ClusterReadOptions { ExcludeNamespaces = ["a", "c"] }, ClusterReadScope.Certificates);

        Assert.Equal(["ConfigMap b/kube-root-ca.crt ca.crt#0", "Secret b/tls tls.crt#0"], Places(included));
        Assert.Equal(["ConfigMap b/kube-root-ca.crt ca.crt#0", "Secret b/tls tls.crt#0"], Places(excluded));
        Assert.Contains(_server.Requests, r => r.Path == "/api/v1/namespaces/b/secrets");
        Assert.Contains(_server.Requests, r => r.Path == "/api/v1/secrets" && r.Query.Contains("metadata.namespace%21%3Da") && r.Items == 1);
    }

    [Fact]
    public async Task ReadAsync_LabelSelector_LimitsSecrets()
    {
        _server.Add(FakeObjects.TlsSecret("a", "watched", [Leaf("w")], labels: new Dictionary<string, string> { ["doomsday"] = "yes" }));
        _server.Add(FakeObjects.TlsSecret("a", "ignored", [Leaf("i")], labels: new Dictionary<string, string> { ["doomsday"] = "no" }));

        var (_, sink) = await ReadAsync(Target(), new ClusterReadOptions { LabelSelector = "doomsday in (yes,maybe)" }, ClusterReadScope.Certificates);

        Assert.Equal(["Secret a/watched tls.crt#0"], Places(sink));
    }

    [Fact]
    public async Task ReadAsync_ExtraSecretPatternAndConfigMapKeys_ReadMatchingKeysOnly()
    {
        _server.Add(FakeObjects.Secret("a", "legacy", "Opaque", new Dictionary<string, byte[]>
        {
            ["server.crt"] = FakeObjects.Pem(Leaf("legacy")),
            ["password"] = "hunter2"u8.ToArray(),
        }));
        _server.Add(FakeObjects.ConfigMap("a", "trust", new Dictionary<string, string> { ["bundle.pem"] = _ca.ExportCertificatePem(), ["other"] = "x" }));
        SecretPattern.TryParse("Opaque=*.crt,*.pem", out var opaque, out _);

        var (_, sink) = await ReadAsync(Target(), new ClusterReadOptions { Secrets = [SecretPattern.Tls, opaque!], ConfigMapKeys = ["*.pem"] }, ClusterReadScope.Certificates);

        Assert.Equal(["ConfigMap a/trust bundle.pem#0", "Secret a/legacy server.crt#0"], Places(sink));
        Assert.Empty(sink.Errors);
        Assert.Contains(_server.Requests, r => r.Path == "/api/v1/secrets" && r.Query.Contains("type%3DOpaque"));
    }

    [Fact]
    public async Task ReadAsync_SecretTypesLikeTheExporters_ReplaceTheDefaultAndMatchKeyPatterns()
    {
        SeedCluster();
        _server.Add(FakeObjects.Secret("a", "legacy", "Opaque", new Dictionary<string, byte[]>
        {
            ["server.pem"] = FakeObjects.Pem(Leaf("legacy")),
            ["server.pem.bak"] = FakeObjects.Pem(Leaf("backup")),
        }));
        // As a chart's secretTypes: a kubernetes.io/tls entry replaces the default; keyPatterns are unanchored regexes.
        var config = new Doomsday.Watch.Configuration.ClusterOptions
        {
            SecretTypes =
            [
                new() { Type = "kubernetes.io/tls", KeyPatterns = ["^(tls|ca)\\.crt$"] },
                new() { Type = "Opaque", KeyPatterns = ["\\.pem$"] },
            ],
        };

        var (_, sink) = await ReadAsync(Target(), new ClusterReadOptions { Secrets = config.SecretPatterns }, ClusterReadScope.Certificates);

        Assert.Equal(["Secret a/legacy server.pem#0", "Secret apps/web-tls ca.crt#0", "Secret apps/web-tls tls.crt#0"], Places(sink).Where(p => p.StartsWith("Secret", StringComparison.Ordinal)));
        Assert.Equal([SecretPattern.Tls], new Doomsday.Watch.Configuration.ClusterOptions().SecretPatterns);
    }

    [Fact]
    public async Task ReadAsync_ChainInTlsCrt_ReportsEachCertificateWithItsIndex()
    {
        var intermediate = TestPki.CreateCa("intermediate", Now.AddDays(-1), Now.AddYears(1), _ca);
        var leaf = TestPki.CreateServer("chained", ["chained.example"], Now.AddDays(-1), Now.AddDays(30), intermediate);
        _server.Add(FakeObjects.TlsSecret("a", "chained", [leaf, intermediate]));

        var (_, sink) = await ReadAsync(Target(), scope: ClusterReadScope.Certificates);

        Assert.Equal(["Secret a/chained tls.crt#0", "Secret a/chained tls.crt#1"], Places(sink));
        Assert.Equal([TestPki.Sha256(leaf), TestPki.Sha256(intermediate)], sink.Certificates.Select(c => c.Certificate.FingerprintSha256));
    }

    [Fact]
    public async Task ReadAsync_TlsSecretWithGarbage_IsAnErrorNotACrash()
    {
        _server.Add(FakeObjects.Secret("a", "garbage", "kubernetes.io/tls", new Dictionary<string, byte[]> { ["tls.crt"] = "not a certificate"u8.ToArray(), ["tls.key"] = [] }));

        var (_, sink) = await ReadAsync(Target(), scope: ClusterReadScope.Certificates);

        var error = Assert.Single(sink.Errors);
        Assert.Equal(new ClusterSourceRef("fake", "Secret", "a", "garbage", "tls.crt"), error.Source);
        Assert.Empty(sink.Certificates);
    }
}
