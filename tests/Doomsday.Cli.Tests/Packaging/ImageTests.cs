using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Doomsday.Cli.Hosting;
using Doomsday.Core;
using Doomsday.Core.Pki;

namespace Doomsday.Cli.Tests.Packaging;

/// <summary>
/// The distroless image (scripts/build-image) under real podman: the same scan as the binary outside,
/// <c>watch</c> on the host network as a non-root user on a read-only root keeping its store on a volume
/// across a restart, and the DaemonSet's pod template run by <c>podman kube play</c>.
/// </summary>
public sealed partial class ImageTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    private KubeadmTree BuildNode(DateTimeOffset issued) => KubeadmTreeBuilder.Build(_dir.Combine("etc", "kubernetes"), new KubeadmTreeOptions
    {
        Now = issued,
        NodeName = "cp-1",
        NodeIp = IPAddress.Parse("192.168.7.20"),
        KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
        KubeletDirectory = _dir.Combine("var", "lib", "kubelet"),
    });

    [Fact]
    public async Task Image_Inspected_LabelledNonRootAndDistroless()
    {
        var image = await Artifacts.ImageAsync();

        var inspect = JsonNode.Parse((await Artifacts.PodmanOkAsync("image", "inspect", image)).Out)!.AsArray()[0]!;
        var shell = await Artifacts.PodmanAsync("run", "--rm", "--network=none", "--entrypoint", "/bin/sh", image, "-c", "true");

        Assert.Equal("65532:65532", (string?)inspect["Config"]!["User"]);
        var labels = inspect["Config"]!["Labels"]!;
        Assert.Equal(BuildInfo.Version, (string?)labels["org.opencontainers.image.version"]);
        Assert.Equal(NativeBinary.Commit, (string?)labels["org.opencontainers.image.revision"]);
        Assert.NotEqual(0, shell.ExitCode); // no shell in the image
    }

    [Fact]
    public async Task Scan_KubeadmTreeMountedReadOnly_SameJsonAsTheBinaryOutside()
    {
        var image = await Artifacts.ImageAsync();
        using var tree = BuildNode(DateTimeOffset.UtcNow.AddDays(-300));
        var root = _dir.Path;

        // As the DaemonSet runs it: uid 0 without any capability (kubeadm's keys are root-only), read-only root and mount.
        var inside = await Artifacts.PodmanAsync("run", "--rm", "--network=none", "--read-only", "--user", "0:0", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges", "-v", $"{root}:{root}:ro", image, "scan", "--kubeadm", tree.Root, "-o", "json");
        var outside = await NativeBinary.RunAsync(null, "scan", "--kubeadm", tree.Root, "-o", "json");

        Assert.True(inside.ExitCode == outside.ExitCode, inside.All);
        Assert.Equal(Clockless(outside.Out), Clockless(inside.Out));
        Assert.Equal(22, JsonNode.Parse(inside.Out)!["certificates"]!.AsArray().Count);
    }

    [Fact]
    public async Task Watch_HostNetworkReadOnlyRoot_ServesAndKeepsItsStoreAcrossARestart()
    {
        var image = await Artifacts.ImageAsync();
        using var tree = BuildNode(DateTimeOffset.UtcNow.AddDays(-30));
        await Tool.RunOkAsync("chmod", ["-R", "a+rX", _dir.Path]); // the image's user (65532) reads the tree
        var state = _dir.Dir("state");
        await Tool.RunOkAsync("chown", ["65532:65532", state]);
        var port = TcpPorts.Free();
        var configDir = _dir.Dir("config");
        File.WriteAllText(Path.Combine(configDir, "doomsday.yaml"), string.Create(CultureInfo.InvariantCulture, $"""
            certificates:
              kubeadm: {tree.Root}
            server:
              listen: 127.0.0.1:{port}
            store:
              path: /var/lib/doomsday/doomsday.db
            """));
        await Tool.RunOkAsync("chmod", ["-R", "a+rX", configDir]);
        var name = "doomsday-watch-" + Guid.NewGuid().ToString("N")[..8];
        var baseUrl = $"http://127.0.0.1:{port}";
        await Artifacts.PodmanOkAsync("run", "-d", "--name", name, "--network=host", "--read-only", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges", "-v", $"{state}:/var/lib/doomsday", "-v", $"{configDir}:/etc/doomsday:ro",
            "-v", $"{_dir.Path}:{_dir.Path}:ro", image);
        try
        {
            await WaitHealthyAsync(baseUrl, name);
            // healthy comes before the first inventory is rendered into /metrics: wait for the tree's series
            var series = $"filepath=\"{tree.Root}/pki/apiserver.crt\"";
            var metrics = await Eventually.UntilAsync<string>(async () =>
            {
                var text = await _http.GetStringAsync(baseUrl + "/metrics");
                return text.Contains(series, StringComparison.Ordinal) ? text : null;
            }, TimeSpan.FromSeconds(60), () => $"{series} on /metrics (logs: {Artifacts.PodmanAsync("logs", name).Result.All})");
            var pid = (await Artifacts.PodmanOkAsync("inspect", "-f", "{{.State.Pid}}", name)).Out.Trim();
            var uid = Regex.Match(File.ReadAllText($"/proc/{pid}/status"), @"^Uid:\s+(\d+)", RegexOptions.Multiline).Groups[1].Value;
            var readOnly = (await Artifacts.PodmanOkAsync("inspect", "-f", "{{.HostConfig.ReadonlyRootfs}}", name)).Out.Trim();
            var silence = await _http.PostAsync(baseUrl + "/api/v1/silences", new StringContent(
                """{"matchers":[{"name":"alertname","value":"CertificateExpiry"}],"duration":"2h","createdBy":"image-test","comment":"kept across restarts"}""",
                Encoding.UTF8, "application/json"));

            await Artifacts.PodmanOkAsync("restart", "--time", "30", name);
            await WaitHealthyAsync(baseUrl, name);
            var silences = await _http.GetStringAsync(baseUrl + "/api/v1/silences");

            Assert.Equal("65532", uid);
            Assert.Equal("true", readOnly);
            Assert.Contains(series, metrics);
            Assert.Equal(HttpStatusCode.Created, silence.StatusCode);
            Assert.Contains("kept across restarts", silences);
            Assert.True(File.Exists(Path.Combine(state, "doomsday.db")));
        }
        finally
        {
            await Artifacts.PodmanAsync("rm", "-f", "-t", "10", name);
        }
    }

    [Fact]
    public async Task KubePlay_DaemonSetPodTemplate_ServesTheTreeCertificatesOnMetrics()
    {
        var image = await Artifacts.ImageAsync();
        using var tree = BuildNode(DateTimeOffset.UtcNow.AddDays(-30));
        var objects = await ManifestTests.RenderAsync();
        var daemonSet = objects.Single(o => (string?)o["kind"] == "DaemonSet");
        var configMap = objects.Single(o => (string?)o["kind"] == "ConfigMap" && ((string)o["metadata"]!["name"]!).StartsWith("doomsday-node-config", StringComparison.Ordinal));
        var port = TcpPorts.Free();
        using var slack = TcpPorts.Closed(); // where the Slack notifier finds nobody listening, until the test ends
        const string token = "kube-play-test-token";
        // The pod template as the DaemonSet has it, wrapped as a Pod. What differs here, and only that: the host
        // paths point into the generated tree, the ConfigMap is its rendered file (listening on a free port rather
        // than 9797), the Secret's two variables are given as plain env (kube play has no Secret objects), and the
        // port list and probes go (podman refuses port mappings on the host network).
        var configDir = _dir.Dir("config");
        File.WriteAllText(Path.Combine(configDir, "doomsday.yaml"), ((string)configMap["data"]!["doomsday.yaml"]!)
            .Replace("listen: 0.0.0.0:9797", $"listen: 127.0.0.1:{port}", StringComparison.Ordinal));
        var spec = daemonSet["spec"]!["template"]!["spec"]!.DeepClone().AsObject();
        var container = spec["containers"]![0]!.AsObject();
        Assert.Equal("localhost/doomsday:" + BuildInfo.Version, (string?)container["image"]);
        container["image"] = image;
        container.Remove("envFrom");
        container["env"] = new JsonArray(
            new JsonObject { ["name"] = "DOOMSDAY_API_TOKEN", ["value"] = token },
            new JsonObject { ["name"] = "SLACK_WEBHOOK_URL", ["value"] = $"http://127.0.0.1:{slack.Port}/hook" });
        container.Remove("ports"); // podman refuses port mappings with the host network (Kubernetes takes them as documentation)
        container.Remove("livenessProbe"); // on the named port; the test polls /healthz itself
        container.Remove("readinessProbe");
        spec.Remove("priorityClassName");
        spec.Remove("serviceAccountName");
        var hostPaths = new Dictionary<string, string>
        {
            ["/etc/kubernetes"] = tree.Root,
            ["/var/lib/kubelet/pki"] = _dir.Combine("var", "lib", "kubelet", "pki"),
            ["/var/lib/doomsday"] = _dir.Dir("state"),
        };
        foreach (var volume in spec["volumes"]!.AsArray())
        {
            if (volume!["hostPath"] is JsonObject hostPath) hostPath["path"] = hostPaths[(string)hostPath["path"]!];
            if (volume["configMap"] is not null)
            {
                volume.AsObject().Remove("configMap");
                volume["hostPath"] = new JsonObject { ["path"] = configDir, ["type"] = "Directory" };
            }
        }
        var name = "doomsday-node-" + Guid.NewGuid().ToString("N")[..8];
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = daemonSet["spec"]!["template"]!["metadata"]!["labels"]!.DeepClone() },
            ["spec"] = spec,
        };
        var file = _dir.File("pod.yaml", pod.ToJsonString()); // JSON is YAML
        var baseUrl = $"http://127.0.0.1:{port}";

        await Artifacts.PodmanOkAsync("kube", "play", file);
        try
        {
            await WaitHealthyAsync(baseUrl, name + "-doomsday");
            // healthy comes before the first inventory is rendered into /metrics: wait for the tree's series
            var answered = HttpStatusCode.OK;
            var metrics = await Eventually.UntilAsync<string>(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + "/metrics");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var answer = await _http.SendAsync(request);
                answered = answer.StatusCode;
                var text = await answer.Content.ReadAsStringAsync();
                return answer.StatusCode != HttpStatusCode.OK || text.Contains("filepath=\"/etc/kubernetes/pki/apiserver.crt\"", StringComparison.Ordinal) ? text : null;
            }, TimeSpan.FromSeconds(60), () => $"the tree's series on /metrics (logs: {Artifacts.PodmanAsync("logs", name + "-doomsday").Result.All})");
            var unauthorized = await _http.GetAsync(baseUrl + "/metrics");

            Assert.Equal(HttpStatusCode.OK, answered);
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
            // the tree, mounted where the node has it
            Assert.Contains("filepath=\"/etc/kubernetes/pki/apiserver.crt\"", metrics);
            Assert.Equal(22, Regex.Matches(metrics, @"^x509_cert_not_after\{", RegexOptions.Multiline).Count);
        }
        finally
        {
            await Artifacts.PodmanAsync("kube", "play", "--down", file);
        }
    }

    private async Task WaitHealthyAsync(string baseUrl, string container) =>
        await Eventually.UntilAsync<string>(async () =>
        {
            try
            {
                using var r = await _http.GetAsync(baseUrl + "/healthz");
                return r.IsSuccessStatusCode ? "ok" : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(90), () => $"{baseUrl}/healthz answering 200 (logs: {Artifacts.PodmanAsync("logs", container).Result.All})");

    private static string Clockless(string json) => ClockFields().Replace(json, "<clock>");

    [GeneratedRegex(@"""generatedAt"": ?""[^""]+""|""residualSeconds"": ?-?\d+|""nextExpiry"": ?""[^""]+""")]
    private static partial Regex ClockFields();
}
