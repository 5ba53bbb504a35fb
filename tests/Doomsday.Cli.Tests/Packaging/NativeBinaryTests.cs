using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Doomsday.Cli.Hosting;
using Doomsday.Core;
using Doomsday.Core.Pki;

namespace Doomsday.Cli.Tests.Packaging;

/// <summary>
/// The shipped NativeAOT binary (<see cref="NativeBinary"/>) against the JIT build of the same source: every
/// command runs in both, on the same inputs, and must give the same exit code and output (times of day
/// aside). What only the native build could break is covered this way: the config binder's reflection
/// (trimmed members), source-generated JSON, the KubernetesClient.Aot path, SQLite's native library, the
/// HTTP API's generated request delegates and every notifier kind on the wire.
/// </summary>
public sealed partial class NativeBinaryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Version_NativeBinary_PrintsVersionCommitAndBuildDate()
    {
        var r = await NativeBinary.RunAsync(null, "--version");

        Assert.Equal(0, r.ExitCode);
        // The commit is the one the binary was built from (scripts/test builds it from the tested tree).
        var lines = r.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal($"doomsday {BuildInfo.Version}", lines[0]);
        Assert.Matches("^commit: [0-9a-f]{40}$", lines[1]);
        Assert.Matches(@"^built: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", lines[2]);
        Assert.Matches(@"^runtime: \.NET \d+\.\d+\.\d+.* \(linux-x64\)$", lines[3]);
    }

    [Fact]
    public async Task ConfigCheck_SampleAndEveryBadConfig_SameAsJit()
    {
        var sample = Path.Combine(CorpusLocator.RepositoryRoot, "samples", "doomsday.yaml");
        var bad = Directory.GetFiles(Path.Combine(CorpusLocator.RepositoryRoot, "tests", "testdata", "config", "bad"), "*.yaml").Order(StringComparer.Ordinal);
        List<string[]> runs = [["config", "check", sample], ["config", "check", "--show", sample], ["config", "check", "-o", "json", sample]];
        runs.AddRange(bad.Select(f => new[] { "config", "check", f }));

        foreach (var args in runs)
        {
            var env = EnvOf(args[^1]);
            await AssertSameAsJitAsync(env, args);
        }
        Assert.True(runs.Count > 10, "the bad-config folder was not found");
    }

    [Fact]
    public async Task ScanAndDoctor_KubeadmTree_SameAsJit()
    {
        using var tree = KubeadmTreeBuilder.Build(_dir.Combine("etc", "kubernetes"), new KubeadmTreeOptions
        {
            Now = DateTimeOffset.UtcNow.AddDays(-300), // a year's certificates 300 days old: warnings, so exit codes differ from 0
            NodeName = "cp-1",
            NodeIp = IPAddress.Parse("192.168.7.20"),
            KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
            KubeletDirectory = _dir.Combine("var", "lib", "kubelet"),
        });

        var json = await AssertSameAsJitAsync(null, "scan", "--kubeadm", tree.Root, "-o", "json");
        await AssertSameAsJitAsync(null, "scan", "--kubeadm", tree.Root, "-o", "prometheus");
        await AssertSameAsJitAsync(null, "scan", "--kubeadm", tree.Root);
        await AssertSameAsJitAsync(null, "doctor", "--kubeadm", tree.Root, "-o", "json");
        await AssertSameAsJitAsync(null, "doctor", "--kubeadm", tree.Root, "-o", "markdown");

        Assert.Equal(22, JsonNode.Parse(json)!["certificates"]!.AsArray().Count);
    }

    [Fact]
    public async Task ScanAndDoctor_Cluster_SameAsJit()
    {
        // The FAKE API server: no kube-apiserver can run here (tests/Doomsday.Testing/Kubernetes, strict: TLS, client certificates, paging).
        await using var server = await FakeKubeApiServer.StartAsync();
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        var ca = TestPki.CreateCa("apps-ca", now.AddDays(-1), now.AddYears(5));
        server.Add(FakeObjects.TlsSecret("apps", "web-tls", [TestPki.CreateServer("web", ["web.example"], now.AddDays(-1), now.AddDays(20), ca)]));
        server.Add(FakeObjects.RootCa("apps", server.ServerCa));
        var kubeconfig = server.WriteKubeconfig(_dir.Combine("kubeconfig"), "prod");

        var scan = await AssertSameAsJitAsync(null, "scan", "--cluster", "--kubeconfig", kubeconfig, "-o", "json");
        await AssertSameAsJitAsync(null, "doctor", "--cluster", "--kubeconfig", kubeconfig, "-o", "json");

        Assert.Contains("\"web-tls\"", scan);
    }

    [Fact]
    public async Task NotifyTest_EveryNotifierKind_DeliveredByTheNativeBinary()
    {
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var slack = await WebhookReceiver.StartAsync();
        await using var relay = await WebhookReceiver.StartAsync();
        using var alertmanager = AlertmanagerServer.Start(relay.Url.ToString());
        using var smtp = SmtpSink.Start();
        var config = _dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            notifiers:
              - name: chat
                kind: slack
                url: ${"{"}SLACK_URL{"}"}
              - name: hook
                kind: webhook
                url: ${"{"}WEBHOOK_URL{"}"}
              - name: mail
                kind: email
                smtp: 127.0.0.1:{smtp.Port}
                from: doomsday@example.com
                to: [ops@example.com]
                startTls: never
              - name: am
                kind: alertmanager
                urls: [{alertmanager.Url}]
            """));
        var env = new Dictionary<string, string> { ["SLACK_URL"] = slack.Url.ToString(), ["WEBHOOK_URL"] = webhook.Url.ToString() };

        var r = await NativeBinary.RunAsync(env, "notify", "test", "--config", config);

        Assert.True(r.ExitCode == 0, r.Out + r.Error);
        Assert.Equal(4, Regex.Matches(r.Out, @"^\S+\s+(slack|webhook|email|alertmanager)\s+delivered", RegexOptions.Multiline).Count);
        Assert.StartsWith("test-", Assert.Single(webhook.Answered).IdempotencyKey);
        Assert.NotNull(Assert.Single(slack.Answered).Body["blocks"]);
        Assert.Single(smtp.Messages());
        await relay.WaitForAsync(_ => true, TimeSpan.FromSeconds(30), "the test alert relayed by Alertmanager");
        Assert.DoesNotContain(slack.Url.ToString(), r.Out + r.Error);
    }

    /// <summary>Runs <paramref name="args"/> in the JIT build (in-process) and the native binary; same exit code, stdout and stderr, clock fields aside. Returns stdout.</summary>
    private static async Task<string> AssertSameAsJitAsync(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var native = await NativeBinary.RunAsync(env, args);
        var output = new StringWriter();
        var error = new StringWriter();
        var stdout = new MemoryStream();
        var context = new CliContext(output, error, () => stdout, new FixedTimeProvider(DateTimeOffset.UtcNow), n => env?.GetValueOrDefault(n), IsTerminal: false);
        var code = await DoomsdayApp.RunAsync(args, context);
        var jitOut = output + System.Text.Encoding.UTF8.GetString(stdout.ToArray());

        var what = string.Join(' ', args);
        Assert.True(code == native.ExitCode, $"{what}: exit {native.ExitCode} native, {code} JIT\n{native.Error}");
        Assert.Equal(Clockless(jitOut), Clockless(native.Out));
        Assert.Equal(Clockless(error.ToString()), Clockless(native.Error));
        Assert.DoesNotContain("   at ", native.Error);
        return native.Out;
    }

    /// <summary>Values that depend on the instant of the run: times with seconds, residual seconds, the Prometheus scan timestamp.</summary>
    private static string Clockless(string text) => ClockValues().Replace(text, "<clock>");

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?|""residualSeconds"": ?-?\d+|_timestamp_seconds(\{[^}]*\})? [0-9.e+]+|x509_cert_(expires_in|valid_since)_seconds(\{[^}]*\})? [-0-9.e+]+|\b\d+(\.\d+)?[dhms] ago\b")]
    private static partial Regex ClockValues();

    /// <summary>Every ${NAME} of a config file, set to a URL-like value (what the config check tests use).</summary>
    private static Dictionary<string, string> EnvOf(string file) =>
        Regex.Matches(File.ReadAllText(file), @"\$\{([A-Za-z_][A-Za-z0-9_]*)\}").Select(m => m.Groups[1].Value).Distinct()
            .ToDictionary(n => n, n => "https://secret.example.com/" + n);
}
