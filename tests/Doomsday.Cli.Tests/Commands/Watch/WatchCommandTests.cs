using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Doomsday.Cli.Hosting;
using Doomsday.Cli.Tests.Support;
using k8s.Models;

namespace Doomsday.Cli.Tests.Commands.Watch;

/// <summary>
/// <c>doomsday watch</c> as users run it: in-process for its exit codes, and as a real child process
/// (<c>dotnet doomsday.dll watch</c>) where it has to be killed with SIGKILL.
/// </summary>
public sealed class WatchCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static (CliContext Context, StringWriter Out, StringWriter Err) Context()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return (new CliContext(stdout, stderr, () => new MemoryStream(), TimeProvider.System, _ => null, IsTerminal: false), stdout, stderr);
    }

    [Fact]
    public async Task RunAsync_InvalidConfig_Exit3WithFileLineMessages()
    {
        using var dir = new TempDir();
        var config = dir.File("doomsday.yaml", """
            probes:
              - name: etcd
                kind: etcd
                url: https://127.0.0.1:2379
                interval: often
            """);
        var (context, _, stderr) = Context();
        var (checkContext, checkOut, _) = Context();

        var code = await DoomsdayApp.RunAsync(["watch", "--config", config], context);
        var checkCode = await DoomsdayApp.RunAsync(["config", "check", config], checkContext);

        Assert.Equal(3, code);
        Assert.Equal(3, checkCode);
        Assert.Contains(config + ":5:", stderr.ToString());
        Assert.Contains("probes[0].interval", stderr.ToString());
        // the same messages as config check, line for line
        var checkLines = checkOut.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(checkLines);
        Assert.All(checkLines, line => Assert.Contains(line, stderr.ToString()));
        Assert.DoesNotContain("   at ", stderr.ToString());
    }

    [Fact]
    public async Task RunAsync_NonLoopbackListenWithoutToken_Exit3()
    {
        using var dir = new TempDir();
        var config = dir.File("doomsday.yaml", "server:\n  listen: 0.0.0.0:9797\n");
        var (context, _, stderr) = Context();

        var code = await DoomsdayApp.RunAsync(["watch", "--config", config], context);

        Assert.Equal(3, code);
        Assert.Contains("server.listen", stderr.ToString());
        Assert.Contains("token", stderr.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A TCP probe of a port nobody listens on fires at once; the receiver holds the webhook request
    /// open and the daemon is SIGKILLed while waiting for the answer. After a restart the notification
    /// arrives (no loss). Killed again after it was recorded delivered and restarted, the daemon does not
    /// send it again: when the target comes up, the resolved notification arrives and the firing one was
    /// answered exactly once (an outbox lane keeps order, so a re-send would have come first).
    /// </summary>
    [Fact]
    public async Task Watch_KilledMidDeliveryAndRestarted_NoNotificationLostNoneDeliveredResent()
    {
        using var dir = new TempDir();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.HoldRequests = true;
        // the probe's target: held closed (down, and nobody else's server) until the test listens there itself
        using var closed = TcpPorts.Closed();
        var target = closed.Port;
        var listen = TcpPorts.Free();
        var config = dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            probes:
              - name: ssh
                kind: tcp
                address: 127.0.0.1:{target}
                interval: 200ms
                timeout: 1s
                failureThreshold: 1
            notifiers:
              - name: hook
                kind: webhook
                url: {receiver.Url}
                timeout: 60s
            server:
              listen: 127.0.0.1:{listen}
            store:
              path: doomsday.db
            """));

        var first = StartDaemon(config, listen);
        try
        {
            var held = await Eventually.UntilAsync(() => Task.FromResult(receiver.Arrived.FirstOrDefault()), Deadline, "webhook request\n" + first.Stderr);
            first.Process.Kill(); // SIGKILL: no shutdown code runs
            await first.Process.WaitForExitAsync();
            Assert.Empty(receiver.Answered);
        }
        finally
        {
            first.Dispose();
        }

        receiver.ReleaseHeld();
        var second = StartDaemon(config, listen);
        WebhookReceiver.Received delivered;
        try
        {
            delivered = await receiver.WaitForAsync(r => (string?)r.Body["status"] == "firing", Deadline, "firing delivered after restart\n" + second.Stderr);
            Assert.Equal(receiver.Arrived[0].IdempotencyKey, delivered.IdempotencyKey);
            // the delivery is recorded (sent) right after the answer: wait for it before killing again
            await Eventually.UntilAsync(async () =>
            {
                using var http = new HttpClient();
                var text = await http.GetStringAsync($"http://127.0.0.1:{listen}/metrics");
                return text.Contains("doomsday_outbox_pending 0\n", StringComparison.Ordinal);
            }, Deadline, "outbox drained\n" + second.Stderr);
            second.Process.Kill();
            await second.Process.WaitForExitAsync();
        }
        finally
        {
            second.Dispose();
        }

        var third = StartDaemon(config, listen);
        try
        {
            closed.Dispose();
            using var up = new TcpListener(IPAddress.Loopback, target);
            up.Start();
            var resolved = await receiver.WaitForAsync(r => (string?)r.Body["status"] == "resolved", Deadline, "resolved delivered\n" + third.Stderr);
            Assert.NotEqual(delivered.IdempotencyKey, resolved.IdempotencyKey);
            Assert.Single(receiver.Answered, r => r.IdempotencyKey == delivered.IdempotencyKey);
            Assert.Equal(2, receiver.Answered.Count);
        }
        finally
        {
            third.Dispose();
        }
    }

    /// <summary>
    /// SIGHUP alone reloads. The config path is a symlink into another folder and the test rewrites the
    /// target there: the daemon's file watcher watches the link's folder and sees nothing, so only the
    /// signal can make the daemon read the new text. A valid config adds a probe; an invalid one is refused
    /// with its FILE:LINE error on stderr and the running probes stay.
    /// </summary>
    [Fact]
    public async Task Watch_Sighup_ReloadsValidConfigAndKeepsRunningOneWhenInvalid()
    {
        using var dir = new TempDir();
        var listen = TcpPorts.Free();
        using var closed = TcpPorts.Closed(); // the probes' target: nobody listens there until the test ends
        var target = closed.Port;
        string Config(string probes) => string.Create(CultureInfo.InvariantCulture, $"""
            server:
              listen: 127.0.0.1:{listen}
            store:
              path: {dir.Combine("doomsday.db")}
            probes:
            {probes}
            """);
        string Probe(string name, string interval = "1h") => string.Create(CultureInfo.InvariantCulture, $"""
              - name: {name}
                kind: tcp
                address: 127.0.0.1:{target}
                interval: {interval}

            """);
        var real = dir.File("elsewhere/doomsday.yaml", Config(Probe("first")));
        var config = dir.Combine("etc/doomsday.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.CreateSymbolicLink(config, real);

        using var daemon = StartDaemon(config, listen);
        // The SIGHUP handler is registered before this line is logged; a SIGHUP earlier would terminate the process.
        await Eventually.UntilAsync(() => daemon.Stderr.Contains("listening on", StringComparison.Ordinal), Deadline, "started\n" + daemon.Stderr);
        using var http = new HttpClient();
        async Task<string> ProbesAsync() => await http.GetStringAsync($"http://127.0.0.1:{listen}/api/v1/probes");
        Assert.Contains("\"first\"", await ProbesAsync());
        Assert.DoesNotContain("\"second\"", await ProbesAsync());

        File.WriteAllText(real, Config(Probe("first") + Probe("second")));
        Hangup(daemon.Pid);
        await Eventually.UntilAsync(async () => (await ProbesAsync()).Contains("\"second\"", StringComparison.Ordinal), Deadline, "second probe after SIGHUP\n" + daemon.Stderr);
        // logged just after the probes are updated: wait for the line rather than race it
        await Eventually.UntilAsync(() => daemon.Stderr.Contains("reload (SIGHUP): applied", StringComparison.Ordinal), Deadline, "reload logged\n" + daemon.Stderr);

        var invalid = Config(Probe("first") + Probe("third", interval: "often"));
        var line = invalid.Split('\n').ToList().FindIndex(l => l.Contains("often", StringComparison.Ordinal)) + 1;
        File.WriteAllText(real, invalid);
        Hangup(daemon.Pid);
        await Eventually.UntilAsync(() => daemon.Stderr.Contains("config invalid, keeping the running config", StringComparison.Ordinal), Deadline, "invalid reload refused\n" + daemon.Stderr);
        await Eventually.UntilAsync(() => daemon.Stderr.Contains($"{config}:{line}:", StringComparison.Ordinal), Deadline, "FILE:LINE error logged\n" + daemon.Stderr);
        var probes = await ProbesAsync();
        Assert.Contains("\"second\"", probes);
        Assert.DoesNotContain("\"third\"", probes);
        Assert.False(daemon.Process.HasExited);
        Assert.DoesNotContain("file changed", daemon.Stderr);
        Assert.DoesNotContain("   at ", daemon.Stderr);
    }

    /// <summary>
    /// <c>certificates.cluster</c>: the daemon reads the cluster through the API at each inventory and the
    /// cluster checks' findings become alerts. The API server is the strict fake the doctor acceptance tests
    /// use (TLS, client-certificate authentication); a NotReady node must reach the webhook as a
    /// <c>DoctorFinding</c> with its finding id and subject.
    /// </summary>
    [Fact]
    public async Task Watch_ClusterWithNotReadyNode_DoctorFindingDelivered()
    {
        using var dir = new TempDir();
        await using var api = await FakeKubeApiServer.StartAsync();
        api.Add(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "worker-1" },
            Status = new V1NodeStatus
            {
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "False", Reason = "KubeletNotReady", Message = "container runtime network not ready" }],
            },
        });
        var kubeconfig = api.WriteKubeconfig(dir.Combine("kubeconfig"), "prod", api.IssueClientCertificate(lifetime: TimeSpan.FromDays(730)));
        await using var receiver = await WebhookReceiver.StartAsync();
        var listen = TcpPorts.Free();
        var config = dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            certificates:
              cluster:
                kubeconfig: {kubeconfig}
                context: prod
            notifiers:
              - name: hook
                kind: webhook
                url: {receiver.Url}
            server:
              listen: 127.0.0.1:{listen}
            store:
              path: doomsday.db
            """));

        using var daemon = StartDaemon(config, listen);
        var delivered = await receiver.WaitForAsync(r => (string?)r.Body["alerts"]![0]!["labels"]!["finding"] == "node-not-ready", Deadline,
            "node-not-ready delivered\n" + daemon.Stderr);

        var labels = delivered.Body["alerts"]![0]!["labels"]!;
        Assert.Equal("DoctorFinding", (string?)labels["alertname"]);
        Assert.Equal("prod Node worker-1", (string?)labels["subject"]);
        Assert.Equal("firing", (string?)delivered.Body["status"]);
        Assert.DoesNotContain("   at ", daemon.Stderr);
    }

    /// <summary>
    /// The published build turns tiered compilation off (one-shot commands); <c>watch</c> then replaces its
    /// own image with tiering on (Hosting/DaemonRuntime). Started with a runtime config that says
    /// <c>TieredCompilation: false</c>, the daemon must end up in the same process (same PID, listening)
    /// with <c>DOTNET_TieredCompilation=1</c> in its environment and its own arguments.
    /// </summary>
    [Fact]
    public async Task Watch_PublishedWithoutTiering_ExecsItselfWithTieringInTheSameProcess()
    {
        using var dir = new TempDir();
        var listen = TcpPorts.Free();
        var config = dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            server:
              listen: 127.0.0.1:{listen}
            store:
              path: {dir.Combine("doomsday.db")}
            """));
        var runtimeConfig = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "doomsday.runtimeconfig.json")))!;
        runtimeConfig["runtimeOptions"]!["configProperties"]!["System.Runtime.TieredCompilation"] = false;
        var untiered = dir.File("untiered.runtimeconfig.json", runtimeConfig.ToJsonString());
        var dll = Path.Combine(AppContext.BaseDirectory, "doomsday.dll");
        var dotnet = ChildProcess.Find("dotnet", "/usr/share/dotnet/dotnet", "/usr/bin/dotnet", "/usr/lib/dotnet/dotnet");

        using var daemon = new ChildProcess(dotnet, ["exec", "--runtimeconfig", untiered, dll, "watch", "--config", config]);
        TcpPorts.WaitUntilListening(daemon.Process, [listen], TimeSpan.FromSeconds(60), () => daemon.Stderr);

        var environment = File.ReadAllText($"/proc/{daemon.Pid}/environ").Split('\0');
        Assert.Contains("DOTNET_TieredCompilation=1", environment);
        Assert.Equal([dotnet, dll, "watch", "--config", config], File.ReadAllText($"/proc/{daemon.Pid}/cmdline").TrimEnd('\0').Split('\0'));
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{listen}/healthz")).StatusCode);
        Assert.False(daemon.Process.HasExited);
    }

    [Theory]
    [InlineData("false", null, true)]
    [InlineData("False", null, true)]
    [InlineData("true", null, false)]
    [InlineData(null, null, false)] // not configured: tiering is on by default
    [InlineData("false", "0", false)] // the environment chose: respected, and no loop after the restart
    [InlineData("false", "1", false)]
    public void NeedsRestart_OnlyWhenConfiguredOffAndTheEnvironmentIsSilent(string? configured, string? environment, bool expected)
    {
        Assert.Equal(expected, DaemonRuntime.NeedsRestart(configured, environment));
    }

    [Fact]
    public void Arguments_ApphostOrDotnetWithTheAssembly()
    {
        Assert.Equal(["/opt/doomsday/doomsday", "watch", "--config", "c.yaml"], DaemonRuntime.Arguments("/opt/doomsday/doomsday", "/opt/doomsday/doomsday.dll", ["watch", "--config", "c.yaml"]));
        Assert.Equal(["/usr/bin/dotnet", "/app/doomsday.dll", "watch"], DaemonRuntime.Arguments("/usr/bin/dotnet", "/app/doomsday.dll", ["watch"]));
    }

    private static void Hangup(int pid) => WatchProcess.Signal(pid, "HUP");

    private static ChildProcess StartDaemon(string config, int port) => WatchProcess.Start(config, port);
}
