using System.Text.Json;
using Doomsday.Cli.Tests.Support;
using Doomsday.Watch.Renewal;

namespace Doomsday.Cli.Tests.Commands.Renew;

/// <summary>
/// <c>doomsday renew</c> in-process over a generated control-plane tree whose components are not running
/// (their ports are free ones nobody listens on): the paths that must change nothing. The renewals that
/// restart components run against the kubelet stand-in (Doomsday.Core.Tests, Renewal/RenewalRunTests).
/// </summary>
public sealed class RenewCommandTests : IDisposable
{
    private static readonly DateTimeOffset Built = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Built.AddDays(350);
    private readonly RenewalNode _node = new(Built);

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Renew_DryRun_PlansEveryCertificateAndWritesNothing()
    {
        var before = _node.Hashes();

        var r = await CliRun.RunAsync(Now, "renew", "--kubeadm", _node.Root, "--dry-run");

        Assert.True(r.ExitCode == 0, r.Out + r.Error);
        Assert.Equal(before, _node.Hashes()); // not even the lock file
        foreach (var name in RenewalPlanner.RenewableNames) Assert.Matches($"(?m)^{System.Text.RegularExpressions.Regex.Escape(name)} +.* renew$", r.Out);
        Assert.Contains("[plan] restart etcd (it loads pki/etcd/peer.crt, pki/etcd/server.crt)", r.Out, StringComparison.Ordinal);
        Assert.Contains("[result] dry run: nothing was changed", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_DryRunJson_PlannedOutcomeWithEachCertificatesAction()
    {
        var r = await CliRun.RunAsync(Now, "renew", "--kubeadm", _node.Root, "--dry-run", "--output", "json");

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("planned", root.GetProperty("outcome").GetString());
        Assert.Equal(RenewalPlanner.RenewableNames, root.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.All(root.GetProperty("certificates").EnumerateArray(), c => Assert.Equal("renew", c.GetProperty("action").GetString()));
        Assert.Equal(["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"],
            root.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("pod").GetString()));
    }

    [Fact]
    public async Task Renew_ExternallyManagedCa_RenewsNothingSaysWhatToDoAndExits2()
    {
        File.Delete(_node.Path("pki/ca.key"));
        var before = _node.Hashes();

        var r = await CliRun.RunAsync(Now, "renew", "--kubeadm", _node.Root, "--yes");

        Assert.Equal(RenewalExitCodes.Refused, r.ExitCode);
        Assert.Equal(before, _node.Hashes());
        Assert.Contains("ca is externally managed (CA key absent)", r.Out, StringComparison.Ordinal);
        Assert.Contains("cannot be renewed on this node and nothing was renewed", r.Out, StringComparison.Ordinal);
        Assert.Contains("kubeadm certs generate-csr", r.Out, StringComparison.Ordinal);
        // What the etcd and front-proxy CAs can still sign is named, as a command.
        var instead = System.Text.RegularExpressions.Regex.Match(r.Out, "To renew only what this node's CAs can sign: doomsday renew ([a-z. -]+)");
        Assert.True(instead.Success, r.Out);
        Assert.Equal(["apiserver-etcd-client", "etcd-healthcheck-client", "etcd-peer", "etcd-server", "front-proxy-client"], instead.Groups[1].Value.Trim().Split(' ').Order());
        Assert.Matches("(?m)^apiserver +.* external-ca \\(pki/ca.key is absent", r.Out);
    }

    [Fact]
    public async Task Renew_NoTerminalAndNoYes_RefusedBeforeWritingAnything()
    {
        var before = _node.Hashes();

        var r = await CliRun.RunAsync(Now, "renew", "--kubeadm", _node.Root);

        Assert.Equal(RenewalExitCodes.Refused, r.ExitCode);
        Assert.Contains("pass --yes to renew without one; nothing was changed", r.Out, StringComparison.Ordinal);
        Assert.Equal(before, _node.Hashes());
    }

    [Fact]
    public async Task Renew_LockHeldByAnotherRenewal_RefusedNamingIt()
    {
        using var held = RenewalLock.TryAcquire(_node.Root, Now, out _);
        Assert.NotNull(held);
        var before = _node.Hashes();

        var r = await CliRun.RunAsync(Now, "renew", "--kubeadm", _node.Root, "--yes");

        Assert.Equal(RenewalExitCodes.Refused, r.ExitCode);
        Assert.Contains($"FAIL lock: another renewal is running (pid {Environment.ProcessId} since", r.Out, StringComparison.Ordinal);
        Assert.Equal(before, _node.Hashes());
    }

    [Fact]
    public async Task Renew_UnknownName_RefusedNamingTheValidOnes()
    {
        var r = await CliRun.RunAsync(Now, "renew", "--kubeadm", _node.Root, "--dry-run", "kubelet.conf");

        Assert.Equal(RenewalExitCodes.Refused, r.ExitCode);
        Assert.Contains("kubelet.conf: not a certificate kubeadm renews (one of apiserver,", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_WorkerNode_RefusedSayingTheKubeletRenewsItsOwn()
    {
        // What kubeadm join leaves on a worker in /etc/kubernetes: the cluster CA's certificate, kubelet.conf, an empty manifests/.
        var worker = Path.Combine(_node.Root, "..", "worker");
        Directory.CreateDirectory(Path.Combine(worker, "pki"));
        Directory.CreateDirectory(Path.Combine(worker, "manifests"));
        File.Copy(_node.Path("pki/ca.crt"), Path.Combine(worker, "pki", "ca.crt"));
        File.Copy(_node.Path("kubelet.conf"), Path.Combine(worker, "kubelet.conf"));

        var r = await CliRun.RunAsync(Now, "renew", "--kubeadm", worker, "--dry-run");

        Assert.Equal(RenewalExitCodes.Refused, r.ExitCode);
        Assert.Contains("FAIL worker node: ", r.Out, StringComparison.Ordinal);
        Assert.Contains("Its kubelet renews its own client certificate (rotateCertificates: true", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL selection", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_BadDaemonUrl_InputErrorBeforeAnythingIsDone()
    {
        var before = _node.Hashes();

        var r = await CliRun.RunAsync(Now, "renew", "--kubeadm", _node.Root, "--yes", "--url", "ftp://127.0.0.1:9797");

        Assert.Equal(RenewalExitCodes.InputError, r.ExitCode);
        Assert.Equal("doomsday renew: --url 'ftp://127.0.0.1:9797' is not an http(s) URL", r.Error.Trim());
        Assert.Equal(before, _node.Hashes());
    }

    [Fact]
    public async Task Renew_BadTimeout_InputError()
    {
        var r = await CliRun.RunAsync(Now, "renew", "--kubeadm", _node.Root, "--timeout", "soon");

        Assert.Equal(RenewalExitCodes.InputError, r.ExitCode);
        Assert.Equal("doomsday renew: --timeout: 'soon' is not a duration (examples: 5m, 90s)", r.Error.Trim());
    }
}
