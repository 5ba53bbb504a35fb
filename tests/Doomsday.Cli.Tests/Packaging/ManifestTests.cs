using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Sources.Cluster;
using k8s.Models;

namespace Doomsday.Cli.Tests.Packaging;

/// <summary>
/// deploy/kubernetes rendered by the real kustomize (<c>kubectl kustomize</c>): every object read by
/// KubernetesClient's own model with unknown fields rejected (a misspelt or misplaced field fails here, as
/// the API server's strict field validation would), the configs accepted by <c>config check</c>, the
/// alert rules checked and unit-tested by promtool, and every metric they name documented.
/// </summary>
public sealed partial class ManifestTests : IDisposable
{
    private static readonly string Base = Path.Combine(CorpusLocator.RepositoryRoot, "deploy", "kubernetes");
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The built-in kinds the base ships, each with the client's model type.</summary>
    private static readonly Dictionary<string, Type> Models = new()
    {
        ["Namespace"] = typeof(V1Namespace),
        ["ServiceAccount"] = typeof(V1ServiceAccount),
        ["ClusterRole"] = typeof(V1ClusterRole),
        ["ClusterRoleBinding"] = typeof(V1ClusterRoleBinding),
        ["ConfigMap"] = typeof(V1ConfigMap),
        ["Secret"] = typeof(V1Secret),
        ["Service"] = typeof(V1Service),
        ["DaemonSet"] = typeof(V1DaemonSet),
        ["Deployment"] = typeof(V1Deployment),
        ["ServiceMonitor"] = typeof(ServiceMonitor),
        ["PrometheusRule"] = typeof(PrometheusRule),
    };

    // Reflection over the client's model (this test runs on the JIT): its [JsonPropertyName]s and converters, nothing else.
    private static readonly JsonSerializerOptions Strict = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal static async Task<List<JsonObject>> RenderAsync()
    {
        var r = await Tool.RunOkAsync("kubectl", ["kustomize", Base]);
        return YamlJson.Documents(r.Out).Select(d => Assert.IsType<JsonObject>(d)).ToList();
    }

    [Fact]
    public async Task Kustomize_Base_EveryObjectParsesStrictlyAsItsModel()
    {
        var objects = await RenderAsync();

        foreach (var o in objects)
        {
            var kind = (string)o["kind"]!;
            Assert.True(Models.TryGetValue(kind, out var type), $"no model for kind {kind}");
            try
            {
                Assert.NotNull(JsonSerializer.Deserialize(o.ToJsonString(), type, Strict));
            }
            catch (JsonException e)
            {
                Assert.Fail($"{kind} {o["metadata"]?["name"]}: {e.Message}");
            }
        }
        Assert.Equal(Models.Keys.Order(), objects.Select(o => (string)o["kind"]!).Distinct().Order());
    }

    [Fact]
    public async Task StrictParse_MisspeltField_Rejected()
    {
        var daemonSet = (await RenderAsync()).Single(o => (string?)o["kind"] == "DaemonSet");
        daemonSet["spec"]!["template"]!["spec"]!["hostNetwrok"] = true;

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<V1DaemonSet>(daemonSet.ToJsonString(), Strict));
    }

    [Fact]
    public async Task Kustomize_Workloads_HardenedAndWiredToTheirConfig()
    {
        var objects = await RenderAsync();
        var daemonSet = Parse<V1DaemonSet>(objects, "DaemonSet");
        var deployment = Parse<V1Deployment>(objects, "Deployment");
        var configMaps = objects.Where(o => (string?)o["kind"] == "ConfigMap").Select(o => (string)o["metadata"]!["name"]!).ToList();

        foreach (var pod in new[] { daemonSet.Spec.Template.Spec, deployment.Spec.Template.Spec })
        {
            var c = Assert.Single(pod.Containers);
            Assert.Equal(["ALL"], c.SecurityContext.Capabilities.Drop);
            Assert.True(c.SecurityContext.ReadOnlyRootFilesystem);
            Assert.False(c.SecurityContext.AllowPrivilegeEscalation);
            Assert.Equal("/healthz", c.LivenessProbe.HttpGet.Path);
            Assert.NotNull(c.Resources.Requests["memory"]);
            Assert.NotNull(c.Resources.Limits["memory"]);
            Assert.Contains(pod.Volumes, v => v.ConfigMap is { } m && configMaps.Contains(m.Name)); // the generated name, hash included
        }
        var node = daemonSet.Spec.Template.Spec;
        Assert.True(node.HostNetwork);
        Assert.Contains(node.Tolerations, t => t.Key == "node-role.kubernetes.io/control-plane" && t.Effect == "NoSchedule");
        var mounts = node.Containers[0].VolumeMounts.ToDictionary(m => m.MountPath);
        Assert.True(mounts["/etc/kubernetes"].ReadOnlyProperty);
        Assert.True(mounts["/var/lib/kubelet/pki"].ReadOnlyProperty);
        Assert.Equal("doomsday", deployment.Spec.Template.Spec.ServiceAccountName); // the ServiceAccount of rbac.yaml
        Assert.True(deployment.Spec.Template.Spec.SecurityContext.RunAsNonRoot);
    }

    [Theory]
    [InlineData("config/node.yaml")]
    [InlineData("config/cluster.yaml")]
    public async Task ConfigCheck_ShippedConfig_Valid(string file)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, () => new MemoryStream(), TimeProvider.System, n => "https://secret.example.com/" + n, IsTerminal: false);

        var code = await DoomsdayApp.RunAsync(["config", "check", Path.Combine(Base, file)], context);

        Assert.True(code == 0, output + error.ToString());
    }

    [Fact]
    public async Task PrometheusRule_PromtoolCheckAndUnitTests_Pass()
    {
        var rule = (await RenderAsync()).Single(o => (string?)o["kind"] == "PrometheusRule");
        // promtool reads YAML; JSON is YAML.
        File.WriteAllText(_dir.Combine("rules.yaml"), rule["spec"]!.ToJsonString());
        File.Copy(Path.Combine(CorpusLocator.RepositoryRoot, "tests", "testdata", "deploy", "prometheusrule-tests.yaml"), _dir.Combine("tests.yaml"));

        var check = await Tool.RunOkAsync(Promtool.Path, ["check", "rules", _dir.Combine("rules.yaml")]);
        var test = await Tool.RunOkAsync(Promtool.Path, ["test", "rules", _dir.Combine("tests.yaml")]);

        Assert.Contains("SUCCESS: 12 rules found", check.All);
        Assert.Contains("SUCCESS", test.All);
    }

    [Fact]
    public async Task RulesAndDashboard_EveryMetricTheyName_IsDocumented()
    {
        var metricsDoc = File.ReadAllText(Path.Combine(CorpusLocator.RepositoryRoot, "docs", "metrics.md"));
        var queries = Dashboard.Queries().Concat((await RenderAsync()).Single(o => (string?)o["kind"] == "PrometheusRule")["spec"]!["groups"]!.AsArray()
            .SelectMany(g => g!["rules"]!.AsArray()).Select(r => (string)r!["expr"]!)).ToList();

        var names = queries.SelectMany(q => MetricName().Matches(q).Select(m => m.Value)).Distinct().ToList();

        Assert.Contains("x509_cert_not_after", names);
        Assert.All(names.Where(n => n != "up"), n => Assert.Contains($"`{n}`", metricsDoc));
    }

    private static T Parse<T>(List<JsonObject> objects, string kind) =>
        JsonSerializer.Deserialize<T>(objects.Single(o => (string?)o["kind"] == kind).ToJsonString(), Strict)!;

    /// <summary>Series names in PromQL: the exporter's and Doomsday's families, the standard process metrics, and up.</summary>
    [GeneratedRegex(@"\b(x509_cert_[a-z_]+|doomsday_[a-z_]+|probe_[a-z_]+|process_[a-z_]+|up)\b(?=\s*[{)\s<>=!]|$)")]
    private static partial Regex MetricName();

    // Prometheus Operator's custom resources are not in the client's model: the fields the base uses, from the
    // operator's API reference (monitoring.coreos.com/v1), typed here so that an unknown field is rejected too.
    private sealed record ServiceMonitor(string ApiVersion, string Kind, V1ObjectMeta Metadata, ServiceMonitorSpec Spec);
    private sealed record ServiceMonitorSpec(V1LabelSelector Selector, List<Endpoint> Endpoints);
    private sealed record Endpoint(string Port, string Path, string Interval, SafeAuthorization Authorization, List<RelabelConfig> Relabelings);
    private sealed record SafeAuthorization(string Type, V1SecretKeySelector Credentials);
    private sealed record RelabelConfig(List<string> SourceLabels, string TargetLabel);
    private sealed record PrometheusRule(string ApiVersion, string Kind, V1ObjectMeta Metadata, PrometheusRuleSpec Spec);
    private sealed record PrometheusRuleSpec(List<RuleGroup> Groups);
    private sealed record RuleGroup(string Name, List<Rule> Rules);
    private sealed record Rule(string Alert, string Expr, string? For, Dictionary<string, string>? Labels, Dictionary<string, string> Annotations);
}
