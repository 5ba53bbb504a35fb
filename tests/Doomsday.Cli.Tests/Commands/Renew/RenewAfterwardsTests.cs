using System.CommandLine;
using System.Diagnostics;
using Doomsday.Cli.Commands.Renew;
using Doomsday.Cli.Hosting;
using Doomsday.Cli.Tests.Support;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Watch.Renewal;
using Doomsday.Watch.Store;

namespace Doomsday.Cli.Tests.Commands.Renew;

/// <summary>
/// What <c>doomsday renew</c> does once a renewal ends, through the command with HOME pointed at a temp
/// directory: the invoking user's <c>~/.kube/config</c> (kubeadm's admin.conf copied there, plus a cluster
/// kubectl added) refreshed in place, and the outcome written into the incident log of a running
/// <c>doomsday watch</c> (the real host in-process, with a bearer token) or, with no daemon, one line saying
/// so. The full run uses the kubelet stand-in (no kubelet can run here: real etcd, nginx and openssl
/// s_server started from the manifests); the failed run fails in its renew stage, before any restart.
/// </summary>
public sealed class RenewAfterwardsTests(TokenDaemon daemon) : IClassFixture<TokenDaemon>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDir _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Renew_StandInControlPlaneWithDaemon_KubeconfigCopyRefreshedOtherEntriesUntouchedAndRenewalInIncidentLog()
    {
        using var node = new RenewalNode(DateTimeOffset.UtcNow.AddDays(-350));
        var kubeconfig = UserKubeconfig(node);
        var contextsBefore = await KubectlAsync(kubeconfig, "config", "get-contexts", "-o", "name");
        var prodBefore = await KubectlAsync(kubeconfig, "config", "view", "--raw", "-o", "jsonpath={.users[?(@.name==\"prod-admin\")].user}");
        using var kubelet = new KubeletStandIn(node.Layout, TimeSpan.FromMilliseconds(200));
        await Eventually.UntilAsync(async () => (await ITlsHandshaker.Default.HandshakeAsync(new EndpointTarget("127.0.0.1", node.Scheduler, null), TimeSpan.FromSeconds(5), CancellationToken.None)).Chain.Count > 0,
            Deadline, "the stand-ins serving");

        var r = await RenewAsync(new TestRenewalEnvironment(kubelet), "renew", "--kubeadm", node.Root, "--yes", "--timeout", "60s", "--url", daemon.BaseUrl.ToString(), "--token", TokenDaemon.Token);

        Assert.True(r.ExitCode == 0, r.Out + r.Error);
        // admin.conf's new client certificate and key in place of the old ones; the cluster kubectl added, its user and the contexts as they were.
        var adminData = await KubectlAsync(node.Path("admin.conf"), "config", "view", "--raw", "-o", "jsonpath={.users[0].user.client-certificate-data}");
        Assert.Equal(adminData, await KubectlAsync(kubeconfig, "config", "view", "--raw", "-o", "jsonpath={.users[?(@.name==\"kubernetes-admin\")].user.client-certificate-data}"));
        Assert.Equal(await KubectlAsync(node.Path("admin.conf"), "config", "view", "--raw", "-o", "jsonpath={.users[0].user.client-key-data}"),
            await KubectlAsync(kubeconfig, "config", "view", "--raw", "-o", "jsonpath={.users[?(@.name==\"kubernetes-admin\")].user.client-key-data}"));
        Assert.NotEqual(adminData, await KubectlAsync(Path.Combine(BackupOf(r.Out), "admin.conf"), "config", "view", "--raw", "-o", "jsonpath={.users[0].user.client-certificate-data}"));
        Assert.Equal(contextsBefore, await KubectlAsync(kubeconfig, "config", "get-contexts", "-o", "name"));
        Assert.Equal(prodBefore, await KubectlAsync(kubeconfig, "config", "view", "--raw", "-o", "jsonpath={.users[?(@.name==\"prod-admin\")].user}"));
        Assert.Equal("prod", (await KubectlAsync(kubeconfig, "config", "current-context")).Trim());
        Assert.True(File.Exists(Path.Combine(BackupOf(r.Out), "kubeconfig-copies", kubeconfig.TrimStart('/').Replace('/', '_'))), r.Out);

        // The renewal is in the daemon's incident log: its own incident, opened and closed by the verified renewal.
        var line = Assert.Single(r.Out.Split('\n'), l => l.Contains("incident log", StringComparison.Ordinal));
        Assert.StartsWith($"[after] incident log: recorded by doomsday watch at {daemon.BaseUrl} (incident ", line, StringComparison.Ordinal);
        var incident = Assert.Single(await daemon.IncidentsAsync(), i => i.Fingerprint == Timeline(node));
        Assert.Equal("CertificateRenewal", incident.AlertName);
        var e = Assert.Single(incident.Events);
        Assert.Equal(IncidentEventKinds.RenewalVerified, e.Kind);
        Assert.Equal($"doomsday renew on {Environment.MachineName}", e.Notifier);
        Assert.StartsWith("renewed 11 certificates (", e.Detail, StringComparison.Ordinal);
        Assert.Contains(", admin.conf, ", e.Detail, StringComparison.Ordinal);
        Assert.Contains($"; backup {BackupOf(r.Out)}", e.Detail, StringComparison.Ordinal);
        Assert.Contains("etcd, kube-apiserver, kube-controller-manager, kube-scheduler restarted and seen serving them", e.Detail, StringComparison.Ordinal);
        Assert.NotNull(incident.ResolvedAt);
    }

    [Fact]
    public async Task Renew_RenewStageFailsWithDaemon_RolledBackIncidentLeftOpen()
    {
        using var node = new RenewalNode(DateTimeOffset.UtcNow.AddDays(-350));

        var r = await RenewAsync(Corrupting(node), "renew", "--kubeadm", node.Root, "--yes", "--url", daemon.BaseUrl.ToString(), "--token", TokenDaemon.Token);

        Assert.Equal(RenewalExitCodes.RolledBack, r.ExitCode);
        var incident = Assert.Single(await daemon.IncidentsAsync(), i => i.Fingerprint == Timeline(node));
        Assert.Null(incident.ResolvedAt); // open until a renewal of this node verifies
        var e = Assert.Single(incident.Events);
        Assert.Equal(IncidentEventKinds.RenewalRolledBack, e.Kind);
        Assert.StartsWith("FAILED and rolled back: the renewed files are not what they must be: pki/apiserver.crt: ", e.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_NoDaemonAnswers_OneLineSaysSoAndExitCodeUnchanged()
    {
        using var node = new RenewalNode(DateTimeOffset.UtcNow.AddDays(-350));
        using var closed = TcpPorts.Closed(); // no daemon listens there until the test ends
        var nobody = $"http://127.0.0.1:{closed.Port}/";

        var r = await RenewAsync(Corrupting(node), "renew", "--kubeadm", node.Root, "--yes", "--url", nobody);

        Assert.Equal(RenewalExitCodes.RolledBack, r.ExitCode); // what the renewal itself ended with
        var line = Assert.Single(r.Out.Split('\n'), l => l.Contains("incident log", StringComparison.Ordinal));
        Assert.Equal($"[after] incident log: not written: cannot reach the daemon at {nobody}: connection refused (is 'doomsday watch' running? --url, --config)", line);
        Assert.Contains("[result] FAILED and rolled back: ", r.Out, StringComparison.Ordinal);
    }

    /// <summary>The fingerprint of the node's renewal timeline in the daemon (its subject: HOST:KUBEADM-DIR).</summary>
    private static string Timeline(RenewalNode node) => Doomsday.Daemon.Http.IncidentEventEndpoint.Fingerprint($"{Environment.MachineName}:{node.Root}");

    /// <summary>The environment of a node whose renewer leaves another certificate in apiserver.crt: the renew stage puts every file back (exit 4).</summary>
    private static TestRenewalEnvironment Corrupting(RenewalNode node) =>
        new(new NoRuntime(), native => new ThenOverwrite(native, node.Path("pki/apiserver-kubelet-client.crt"), node.Path("pki/apiserver.crt")));

    /// <summary>
    /// ~/.kube/config as kubeadm init tells users to make it (a copy of admin.conf), then a second cluster, user and
    /// context added with kubectl, which is current.
    /// </summary>
    private string UserKubeconfig(RenewalNode node)
    {
        var path = _home.Combine(".kube", "config");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(node.Path("admin.conf"), path);
        using var ca = TestPki.CreateCa("prod-ca", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365));
        using var client = TestPki.CreateServer("prod-admin", [], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365), ca);
        var cert = _home.File("prod.crt", client.ExportCertificatePem() + "\n");
        var key = _home.File("prod.key", TestPki.KeyPem(client));
        foreach (var args in (string[][])[
                     ["config", "set-cluster", "prod", "--server=https://prod.example:6443"],
                     ["config", "set-credentials", "prod-admin", $"--client-certificate={cert}", $"--client-key={key}", "--embed-certs=true"],
                     ["config", "set-context", "prod", "--cluster=prod", "--user=prod-admin"],
                     ["config", "use-context", "prod"]])
        {
            KubectlAsync(path, args).GetAwaiter().GetResult();
        }
        return path;
    }

    private async Task<CliResult> RenewAsync(IRenewalEnvironment environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var stdout = new MemoryStream();
        var context = new CliContext(output, error, () => stdout, TimeProvider.System, v => v == "HOME" ? _home.Path : null, IsTerminal: false);
        var root = new RootCommand { RenewCommand.Create(context, environment) };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(code, output.ToString(), error.ToString(), System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
    }

    private static string BackupOf(string output) =>
        System.Text.RegularExpressions.Regex.Match(output, @"\[result\] backup: (\S+) ").Groups[1].Value is { Length: > 0 } dir ? dir : throw new Xunit.Sdk.XunitException("no backup line:\n" + output);

    /// <summary>Real kubectl on <paramref name="kubeconfig"/> (HOME left alone: --kubeconfig names the file).</summary>
    private static async Task<string> KubectlAsync(string kubeconfig, params string[] args)
    {
        var info = new ProcessStartInfo(ChildProcess.Find("kubectl", "/usr/bin/kubectl")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"kubectl {string.Join(' ', args)}: {await stderr}");
        return await stdout;
    }
}
