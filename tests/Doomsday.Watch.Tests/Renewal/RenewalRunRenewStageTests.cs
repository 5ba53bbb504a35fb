using Doomsday.Core.Sources.Endpoints;
using Doomsday.Watch.Renewal;

namespace Doomsday.Watch.Tests.Renewal;

/// <summary>
/// A renewal whose renew stage goes wrong stops before any restart: no kubelet stand-in is needed, the
/// node's components are not running (their ports are free ones).
/// </summary>
public sealed class RenewalRunRenewStageTests : IDisposable
{
    private readonly RenewalNode _node = new(DateTimeOffset.UtcNow.AddDays(-350));
    private readonly TempDir _backups = new();

    public void Dispose()
    {
        _node.Dispose();
        _backups.Dispose();
    }

    [Fact]
    public async Task ExecuteAsync_RenewerWritesTheWrongCertificate_EveryFilePutBackNothingRestarted()
    {
        var before = _node.Hashes();
        // Renews as the node would, then leaves another certificate (another subject, another key) in apiserver.crt.
        var environment = new TestRenewalEnvironment(new NoRuntime(), native => new ThenOverwrite(native, _node.Path("pki/apiserver-kubelet-client.crt"), _node.Path("pki/apiserver.crt")));
        var request = new RenewalRequest { KubeadmRoot = _node.Root, BackupParent = _backups.Path };
        var plan = await new RenewalPlanner(ITlsHandshaker.Default, TimeProvider.System, environment).PlanAsync(request, CancellationToken.None);
        Assert.Empty(plan.Blockers);

        var report = await new RenewalRun(ITlsHandshaker.Default, TimeProvider.System, environment, new RecordingProgress()).ExecuteAsync(plan, request, CancellationToken.None);

        Assert.Equal((RenewalOutcome.RolledBack, RenewalExitCodes.RolledBack), (report.Outcome, report.ExitCode));
        Assert.StartsWith("the renewed files are not what they must be: pki/apiserver.crt: ", report.Failure, StringComparison.Ordinal);
        Assert.Contains("its private key does not match it", report.Failure, StringComparison.Ordinal);
        Assert.Empty(report.Components);
        Assert.Empty(report.Renewed);
        var after = _node.Hashes().Where(kv => !kv.Key.StartsWith(".doomsday-renew.", StringComparison.Ordinal)).ToList();
        Assert.Equal(before.ToList(), after);
        Assert.Equal(["the node runs on its previous certificates, as before: no file changed, nothing was restarted"], report.NodeState);
        Assert.StartsWith(_backups.Path, report.BackupDirectory, StringComparison.Ordinal);
    }


}
