using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Doomsday.Cli.Tests.Support;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using k8s.Models;

namespace Doomsday.Cli.Tests.Commands.Doctor;

/// <summary>
/// The acceptance cases of issue 4, end to end: <c>doomsday doctor --cluster --kubeconfig K -o json</c>
/// in process, through the real KubernetesClient over HTTPS, the cluster reader and the doctor checks.
/// The API server is a FAKE (<see cref="FakeKubeApiServer"/>): no kube-apiserver (nor kind, k3s or
/// envtest) can run on these machines. It is strict — TLS from a generated CA, client-certificate
/// authentication (401 otherwise), RBAC-style 403s, real paging and field selectors, objects serialised
/// from the client's own model types — so what passes here is what a real API server would answer.
/// Every certificate is made with CertificateRequest around one "now" that the CLI's clock is fixed to;
/// it is the real time because the fake's TLS handshake is checked against the real clock.
/// </summary>
public sealed class DoctorCommandClusterAcceptanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>The findings only the API can produce: none of them may appear for a healthy or unreachable cluster.</summary>
    private static readonly string[] ApiFindingIds =
    [
        FindingIds.RootCaConfigMapStale, FindingIds.CaBundleExpired, FindingIds.CaBundleMismatch, FindingIds.CsrPending,
        FindingIds.NodeNotReady, FindingIds.PodUnhealthy, FindingIds.WorkloadUnavailable, FindingIds.ApiAccessDenied,
        FindingIds.ApiUnreachable, FindingIds.CertManagerNotReady,
    ];

    private readonly TempDir _dir = new();
    private readonly List<FakeKubeApiServer> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        _dir.Dispose();
    }

    private sealed record Found(string Id, string Severity, string Subject, string Summary, IReadOnlyList<(string Label, string Value)> Evidence)
    {
        public string? Value(string label) => Evidence.Where(e => e.Label == label).Select(e => e.Value).FirstOrDefault();
    }

    private sealed record Outcome(int ExitCode, IReadOnlyList<Found> Findings, IReadOnlyList<string> Skipped, JsonElement Errors, int Certificates)
    {
        public IReadOnlyList<Found> Api => Findings.Where(f => ApiFindingIds.Contains(f.Id)).ToList();

        public string Describe() => string.Join("\n", Findings.Select(f => $"{f.Id} {f.Severity} {f.Subject}: {f.Summary}"));
    }

    private async Task<FakeKubeApiServer> StartAsync(X509Certificate2? serving = null, X509Certificate2? serverCa = null)
    {
        var server = await FakeKubeApiServer.StartAsync(serving, serverCa);
        _servers.Add(server);
        return server;
    }

    /// <summary>A kubeconfig for context <c>prod</c> whose client certificate lives two years (so it is not a finding itself).</summary>
    private string Kubeconfig(FakeKubeApiServer server, X509Certificate2? client = null, string? url = null) =>
        server.WriteKubeconfig(Path.Combine(_dir.Path, $"kubeconfig-{Guid.NewGuid():N}"), "prod",
            client ?? server.IssueClientCertificate(lifetime: TimeSpan.FromDays(730)), url);

    /// <summary>
    /// doctor --cluster as a user runs it, with a generous <c>--timeout</c> (the bound of each API call and handshake,
    /// 5s by default): the fake API server answers from this test process, which a loaded machine can starve for
    /// seconds, and these tests are about what is read, not how fast. A refused connection still fails at once.
    /// </summary>
    private static async Task<Outcome> DoctorAsync(string kubeconfig, params string[] extra)
    {
        var result = await CliRun.RunAsync(Now, ["doctor", "--cluster", "--kubeconfig", kubeconfig, "-o", "json", "--timeout", "60s", .. extra]);
        Assert.True(result.Stdout.Length > 0, "no JSON on stdout; stderr: " + result.Error);
        using var json = JsonDocument.Parse(result.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().Select(f => new Found(
            f.GetProperty("id").GetString()!, f.GetProperty("severity").GetString()!, f.GetProperty("subject").GetString()!,
            f.GetProperty("summary").GetString()!,
            f.GetProperty("evidence").EnumerateArray().Select(e => (e.GetProperty("label").GetString()!, e.GetProperty("value").GetString()!)).ToList())).ToList();
        Assert.Equal(result.ExitCode, json.RootElement.GetProperty("summary").GetProperty("exitCode").GetInt32());
        var skipped = json.RootElement.GetProperty("skipped").EnumerateArray()
            .Select(x => $"{x.GetProperty("check").GetString()} {x.GetProperty("subject").GetString()}: {x.GetProperty("reason").GetString()}").ToList();
        return new Outcome(result.ExitCode, findings, skipped, json.RootElement.GetProperty("errors").Clone(),
            json.RootElement.GetProperty("summary").GetProperty("certificates").GetInt32());
    }

    private static void AssertExit(int expected, Outcome outcome) =>
        Assert.True(expected == outcome.ExitCode, $"exit code {outcome.ExitCode}, expected {expected}; findings:\n{outcome.Describe()}");

    // ------------------------------------------------------------------ the cluster

    private static X509Certificate2 LongLivedCa(string cn) => TestPki.CreateCa(cn, Now.AddYears(-1), Now.AddYears(9));

    private static X509Certificate2 Serving(X509Certificate2 issuer, params string[] dns) => TestPki.CreateServer(dns[0], dns, Now.AddDays(-30), Now.AddYears(2), issuer);

    /// <summary>What a healthy small cluster shows besides DNS and webhooks: kube-root-ca.crt with the cluster CA, a Ready control-plane node, kube-proxy running, an issued CSR.</summary>
    private static void SeedBase(FakeKubeApiServer server)
    {
        foreach (var ns in new[] { "default", "kube-system", "apps" }) server.Add(FakeObjects.RootCa(ns, server.ServerCa));
        server.Add(Node("cp-1", "True", controlPlane: true));
        server.Add(new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { NamespaceProperty = "kube-system", Name = "kube-proxy", Labels = new Dictionary<string, string> { ["k8s-app"] = "kube-proxy" } },
            Status = new V1DaemonSetStatus { DesiredNumberScheduled = 1, CurrentNumberScheduled = 1, NumberAvailable = 1, NumberReady = 1 },
        });
        server.Add(RunningPod("kube-proxy-x7k2p", new Dictionary<string, string> { ["k8s-app"] = "kube-proxy" }, "kube-proxy"));
        server.Add(FakeObjects.Csr("csr-issued", "kubernetes.io/kube-apiserver-client-kubelet",
            TestPki.CreateServer("system:node:cp-1", ["cp-1"], Now.AddHours(-12), Now.AddYears(1), server.ServerCa), Now.AddHours(-12).UtcDateTime));
    }

    /// <summary>A healthy cluster plus one kubelet-serving CSR of worker-1, Pending for three hours.</summary>
    private async Task<FakeKubeApiServer> StartWithServingCsrPendingForThreeHoursAsync()
    {
        var server = await StartAsync();
        SeedBase(server);
        AddHealthyDns(server);
        var csr = FakeObjects.Csr("csr-8xq2v", "kubernetes.io/kubelet-serving", issued: null, Now.AddHours(-3).UtcDateTime);
        csr.Spec.Username = "system:node:worker-1";
        server.Add(csr);
        return server;
    }

    private static void AddHealthyDns(FakeKubeApiServer server)
    {
        server.Add(RunningPod("coredns-7db6d8ff4d-abcde", DnsLabels(), "coredns"));
        server.Add(CoreDnsDeployment(available: 1));
    }

    /// <summary>A ValidatingWebhookConfiguration calling policy-system/policy-webhook with <paramref name="bundleCa"/>, and that service's TLS Secret from <paramref name="servingCa"/>.</summary>
    private static void AddWebhook(FakeKubeApiServer server, X509Certificate2 bundleCa, X509Certificate2 servingCa, string failurePolicy = "Fail")
    {
        server.Add(FakeObjects.ValidatingWebhook("policy", bundleCa, "policy-system", "policy-webhook", failurePolicy));
        server.Add(FakeObjects.TlsSecret("policy-system", "policy-webhook-tls",
            [Serving(servingCa, "policy-webhook.policy-system.svc", "policy-webhook.policy-system.svc.cluster.local")], ca: servingCa));
    }

    private static Dictionary<string, string> DnsLabels() => new() { ["k8s-app"] = "kube-dns" };

    private static V1Node Node(string name, string ready, bool controlPlane = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = controlPlane ? new Dictionary<string, string> { ["node-role.kubernetes.io/control-plane"] = "" } : new Dictionary<string, string>(),
        },
        Status = new V1NodeStatus
        {
            Conditions =
            [
                new V1NodeCondition
                {
                    Type = "Ready", Status = ready,
                    Reason = ready == "True" ? "KubeletReady" : "KubeletNotReady",
                    Message = ready == "True" ? "kubelet is posting ready status" : "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady",
                    LastTransitionTime = Now.AddMinutes(-40).UtcDateTime, LastHeartbeatTime = Now.AddMinutes(-1).UtcDateTime,
                },
            ],
        },
    };

    private static V1Pod RunningPod(string name, IDictionary<string, string> labels, string container) => new()
    {
        Metadata = new V1ObjectMeta { NamespaceProperty = "kube-system", Name = name, Labels = labels, CreationTimestamp = Now.AddDays(-10).UtcDateTime },
        Spec = new V1PodSpec { NodeName = "cp-1", Containers = [new V1Container { Name = container, Image = container + ":1" }] },
        Status = new V1PodStatus
        {
            Phase = "Running",
            StartTime = Now.AddDays(-10).UtcDateTime,
            ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = container, Image = container + ":1", ImageID = "", Ready = true, RestartCount = 0,
                    State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Now.AddDays(-10).UtcDateTime } },
                },
            ],
        },
    };

    private static V1Deployment CoreDnsDeployment(int available) => new()
    {
        Metadata = new V1ObjectMeta { NamespaceProperty = "kube-system", Name = "coredns", Labels = DnsLabels() },
        Spec = new V1DeploymentSpec { Replicas = 1, Selector = new V1LabelSelector { MatchLabels = DnsLabels() }, Template = new V1PodTemplateSpec() },
        Status = new V1DeploymentStatus
        {
            Replicas = 1, AvailableReplicas = available, ReadyReplicas = available, UpdatedReplicas = 1, UnavailableReplicas = 1 - available,
            Conditions = available == 0
                ? [new V1DeploymentCondition { Type = "Available", Status = "False", Reason = "MinimumReplicasUnavailable", Message = "Deployment does not have minimum availability.", LastTransitionTime = Now.AddMinutes(-30).UtcDateTime }]
                : [new V1DeploymentCondition { Type = "Available", Status = "True", Reason = "MinimumReplicasAvailable" }],
        },
    };

    // ------------------------------------------------------------------ acceptance cases

    [Fact]
    public async Task RunAsync_HealthyCluster_NoApiFindingsAndExitOk()
    {
        var server = await StartAsync();
        SeedBase(server);
        AddHealthyDns(server);
        var webhookCa = LongLivedCa("policy-webhook-ca");
        AddWebhook(server, webhookCa, webhookCa);

        var outcome = await DoctorAsync(Kubeconfig(server));

        Assert.True(outcome.Api.Count == 0, outcome.Describe());
        Assert.Empty(outcome.Errors.EnumerateArray());
        AssertExit(ExitCodes.Ok, outcome);
        // It did read the cluster: the kubeconfig's CA and client certificate, 3 kube-root-ca.crt, the issued
        // CSR, the webhook's caBundle and its service's Secret (tls.crt; ca.crt is not read by default, as
        // x509-certificate-exporter) reached the checks...
        Assert.Equal(8, outcome.Certificates);
        // ...and the webhook was really compared with the Secret serving its service, not skipped.
        Assert.True(outcome.Skipped.Count == 0, string.Join("\n", outcome.Skipped));
    }

    [Fact]
    public async Task RunAsync_RootCaConfigMapsKeepOldCaAfterRotation_RootCaConfigMapStaleNamesThoseNamespaces()
    {
        // The cluster CA was rotated: the kubeconfig trusts the new CA and the API server serves a
        // certificate from it, but two namespaces' kube-root-ca.crt still hold the old one.
        var oldCa = TestPki.CreateCa("kubernetes", Now.AddYears(-3), Now.AddYears(7));
        var newCa = TestPki.CreateCa("kubernetes", Now.AddDays(-2), Now.AddYears(10));
        var server = await StartAsync(TestPki.CreateServer("kube-apiserver", ["kubernetes", "localhost"], Now.AddDays(-2), Now.AddYears(1), newCa), newCa);
        server.Add(FakeObjects.RootCa("default", newCa));
        server.Add(FakeObjects.RootCa("kube-system", newCa));
        server.Add(FakeObjects.RootCa("monitoring", oldCa));
        server.Add(FakeObjects.RootCa("apps", oldCa));

        var outcome = await DoctorAsync(Kubeconfig(server));

        var stale = Assert.Single(outcome.Findings, f => f.Id == FindingIds.RootCaConfigMapStale);
        Assert.Equal("prod ConfigMap */kube-root-ca.crt", stale.Subject);
        Assert.Equal("apps, monitoring", stale.Value("namespaces"));
        Assert.Equal("2 of 4", stale.Value("stale namespaces"));
        Assert.Equal(TestPki.Sha256(newCa), stale.Value("cluster CA sha256"));
        Assert.Contains(TestPki.Sha256(oldCa), stale.Value("apps/kube-root-ca.crt holds"));
        // The old CA does not verify what the API server serves now: pods there break.
        Assert.Equal("critical", stale.Severity);
        AssertExit(ExitCodes.Critical, outcome);
    }

    [Fact]
    public async Task RunAsync_RootCaConfigMapsCarryNewCaAfterRotation_NoFinding()
    {
        var newCa = TestPki.CreateCa("kubernetes", Now.AddDays(-2), Now.AddYears(10));
        var server = await StartAsync(TestPki.CreateServer("kube-apiserver", ["kubernetes", "localhost"], Now.AddDays(-2), Now.AddYears(1), newCa), newCa);
        foreach (var ns in new[] { "default", "kube-system", "monitoring", "apps" }) server.Add(FakeObjects.RootCa(ns, newCa));

        var outcome = await DoctorAsync(Kubeconfig(server));

        Assert.True(outcome.Api.Count == 0, outcome.Describe());
        AssertExit(ExitCodes.Ok, outcome);
    }

    [Theory]
    [InlineData("Fail", "critical", ExitCodes.Critical)]
    [InlineData("Ignore", "warning", ExitCodes.Warning)]
    public async Task RunAsync_ExpiredWebhookCaBundle_CaBundleExpiredWithSeverityOfFailurePolicy(string failurePolicy, string severity, int exitCode)
    {
        var server = await StartAsync();
        SeedBase(server);
        AddHealthyDns(server);
        var expiredCa = TestPki.CreateCa("policy-webhook-ca", Now.AddYears(-2), Now.AddDays(-3));
        server.Add(FakeObjects.ValidatingWebhook("policy", expiredCa, "policy-system", "policy-webhook", failurePolicy));

        var outcome = await DoctorAsync(Kubeconfig(server));

        var expired = Assert.Single(outcome.Findings, f => f.Id == FindingIds.CaBundleExpired);
        Assert.Equal("prod ValidatingWebhookConfiguration policy webhook policy.example.com", expired.Subject);
        Assert.Equal(severity, expired.Severity);
        // The policy travelled from the API object through the reader to the check.
        Assert.Equal(failurePolicy, expired.Value("failurePolicy"));
        Assert.Equal("webhooks[0].clientConfig.caBundle", expired.Value("field"));
        Assert.Contains("(expired)", expired.Value("bundle #0"));
        // The bundle's CA is not reported a second time as an expired certificate: this finding alone sets the exit code.
        Assert.Single(outcome.Findings);
        AssertExit(exitCode, outcome);
    }

    [Fact]
    public async Task RunAsync_WebhookBundleFromAnotherCaThanItsServiceSecret_CaBundleMismatch()
    {
        var server = await StartAsync();
        SeedBase(server);
        AddHealthyDns(server);
        var servingCa = LongLivedCa("policy-webhook-ca");
        var otherCa = LongLivedCa("some-other-ca");
        AddWebhook(server, bundleCa: otherCa, servingCa: servingCa);

        var outcome = await DoctorAsync(Kubeconfig(server));

        var mismatch = Assert.Single(outcome.Findings, f => f.Id == FindingIds.CaBundleMismatch);
        Assert.Equal("prod ValidatingWebhookConfiguration policy webhook policy.example.com", mismatch.Subject);
        Assert.Equal("policy-webhook.policy-system.svc", mismatch.Value("serving name checked"));
        Assert.Contains("prod Secret policy-system/policy-webhook-tls tls.crt", mismatch.Summary);
        Assert.Contains(TestPki.Sha256(otherCa), mismatch.Value("bundle #0"));
        Assert.Equal("critical", mismatch.Severity);
        Assert.DoesNotContain(outcome.Findings, f => f.Id == FindingIds.CaBundleExpired);
        AssertExit(ExitCodes.Critical, outcome);
    }

    [Fact]
    public async Task RunAsync_KubeletServingCsrPendingLongerThanThreshold_CsrPending()
    {
        var server = await StartWithServingCsrPendingForThreeHoursAsync();

        var outcome = await DoctorAsync(Kubeconfig(server));

        var pending = Assert.Single(outcome.Findings, f => f.Id == FindingIds.CsrPending);
        Assert.Equal("prod CertificateSigningRequest csr-8xq2v", pending.Subject);
        Assert.Equal("kubernetes.io/kubelet-serving", pending.Value("signerName"));
        Assert.Equal("system:node:worker-1", pending.Value("requested by"));
        Assert.Equal("1h", pending.Value("threshold"));
        Assert.Equal("warning", pending.Severity);
        AssertExit(ExitCodes.Warning, outcome);
    }

    [Fact]
    public async Task RunAsync_CsrPendingAfterLongerThanItsAge_NoCsrPending()
    {
        var server = await StartWithServingCsrPendingForThreeHoursAsync();

        var outcome = await DoctorAsync(Kubeconfig(server), "--csr-pending-after", "4h");

        Assert.True(outcome.Api.Count == 0, outcome.Describe());
        AssertExit(ExitCodes.Ok, outcome);
    }

    [Fact]
    public async Task RunAsync_CsrPendingAfterNotADuration_InputError()
    {
        var server = await StartAsync();
        SeedBase(server);

        var result = await CliRun.RunAsync(Now, "doctor", "--cluster", "--kubeconfig", Kubeconfig(server), "--csr-pending-after", "soon");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("--csr-pending-after: 'soon' is not a duration", result.Error);
    }

    [Fact]
    public async Task RunAsync_CoreDnsCrashLoopingWithNoReplicaAndWorkerNotReady_PodWorkloadAndNodeFindings()
    {
        var server = await StartAsync();
        SeedBase(server);
        server.Add(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                NamespaceProperty = "kube-system", Name = "coredns-7db6d8ff4d-abcde", Labels = DnsLabels(), CreationTimestamp = Now.AddHours(-2).UtcDateTime,
                OwnerReferences = [new V1OwnerReference { Kind = "ReplicaSet", Name = "coredns-7db6d8ff4d", ApiVersion = "apps/v1", Uid = "rs-1" }],
            },
            Spec = new V1PodSpec { NodeName = "cp-1", Containers = [new V1Container { Name = "coredns", Image = "coredns:1.11" }] },
            Status = new V1PodStatus
            {
                Phase = "Running",
                StartTime = Now.AddHours(-2).UtcDateTime,
                ContainerStatuses =
                [
                    new V1ContainerStatus
                    {
                        Name = "coredns", Image = "coredns:1.11", ImageID = "", Ready = false, RestartCount = 12,
                        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = "back-off 5m0s restarting failed container" } },
                        LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = "Error", ExitCode = 1, FinishedAt = Now.AddMinutes(-2).UtcDateTime } },
                    },
                ],
            },
        });
        server.Add(CoreDnsDeployment(available: 0));
        server.Add(Node("worker-1", "False"));

        var outcome = await DoctorAsync(Kubeconfig(server));

        var pod = Assert.Single(outcome.Findings, f => f.Id == FindingIds.PodUnhealthy);
        Assert.Equal("prod Pod kube-system/coredns-7db6d8ff4d-abcde", pod.Subject);
        Assert.Equal("critical", pod.Severity);
        Assert.Contains("CrashLoopBackOff", pod.Summary);
        Assert.Contains("restarts 12", pod.Value("container coredns"));
        var workload = Assert.Single(outcome.Findings, f => f.Id == FindingIds.WorkloadUnavailable);
        Assert.Equal("prod Deployment kube-system/coredns", workload.Subject);
        Assert.Equal(("0", "critical"), (workload.Value("available"), workload.Severity));
        var node = Assert.Single(outcome.Findings, f => f.Id == FindingIds.NodeNotReady);
        Assert.Equal("prod Node worker-1", node.Subject);
        Assert.Equal("False", node.Value("Ready"));
        AssertExit(ExitCodes.Critical, outcome);
    }

    [Fact]
    public async Task RunAsync_SecretsForbidden_ApiAccessDeniedAndOtherKindsStillChecked()
    {
        var server = await StartAsync();
        SeedBase(server);
        AddHealthyDns(server);
        server.Add(FakeObjects.RootCa("legacy", TestPki.CreateCa("kubernetes", Now.AddYears(-3), Now.AddYears(7))));
        server.Forbid("secrets");

        var outcome = await DoctorAsync(Kubeconfig(server));

        var denied = Assert.Single(outcome.Findings, f => f.Id == FindingIds.ApiAccessDenied);
        Assert.Equal("prod Secret (list)", denied.Subject);
        Assert.Equal(("403", "api_forbidden", "secrets"), (denied.Value("HTTP status"), denied.Value("reason"), denied.Value("resource")));
        // What could be read was checked: the stale ConfigMap is still found.
        var stale = Assert.Single(outcome.Findings, f => f.Id == FindingIds.RootCaConfigMapStale);
        Assert.Equal("legacy", stale.Value("namespaces"));
        var error = Assert.Single(outcome.Errors.EnumerateArray());
        Assert.Equal("api_forbidden", error.GetProperty("reason").GetString());
        AssertExit(ExitCodes.Critical, outcome);
    }

    [Fact]
    public async Task RunAsync_ClientCertificateNotFromClusterClientCa_ApiAccessDeniedCredentialsRejectedOnly()
    {
        var server = await StartAsync();
        SeedBase(server);
        var stranger = server.IssueClientCertificate(issuer: LongLivedCa("another-client-ca"), lifetime: TimeSpan.FromDays(730));

        var outcome = await DoctorAsync(Kubeconfig(server, client: stranger));

        var api = Assert.Single(outcome.Api);
        Assert.Equal((FindingIds.ApiAccessDenied, "critical"), (api.Id, api.Severity));
        Assert.StartsWith("prod Cluster https://127.0.0.1:" + server.Port, api.Subject);
        Assert.Equal("401", api.Value("HTTP status"));
        // The kubeconfig check agrees: the client certificate is not from the CA the kubeconfig trusts. (With
        // credentials the API accepted, as in every other test here, it stays silent although the fake's
        // client CA is not its serving CA.)
        Assert.Contains(outcome.Findings, f => f.Id == FindingIds.ClientCertUntrusted);
        AssertExit(ExitCodes.Critical, outcome);
    }

    [Fact]
    public async Task RunAsync_ApiServerDown_ExactlyOneApiUnreachable()
    {
        var server = await StartAsync();
        SeedBase(server);
        using var closed = TcpPorts.Closed(); // no API server listens there until the test ends
        var closedPort = closed.Port;

        var outcome = await DoctorAsync(Kubeconfig(server, url: $"https://127.0.0.1:{closedPort}"));

        var api = Assert.Single(outcome.Api);
        Assert.Equal((FindingIds.ApiUnreachable, "critical"), (api.Id, api.Severity));
        Assert.Equal($"prod Cluster https://127.0.0.1:{closedPort}", api.Subject.TrimEnd('/'));
        Assert.Equal("api_unreachable", api.Value("reason"));
        AssertExit(ExitCodes.Critical, outcome);
    }
}
