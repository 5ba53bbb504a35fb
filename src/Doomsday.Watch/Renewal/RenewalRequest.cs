using Doomsday.Core.Certificates;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Watch.Renewal;

/// <summary>What one <c>doomsday renew</c> does. Immutable; the CLI builds it from flags.</summary>
public sealed record RenewalRequest
{
    /// <summary>The kubeadm directory (<c>/etc/kubernetes</c> on a node).</summary>
    public required string KubeadmRoot { get; init; }

    /// <summary>kubeadm names to renew; empty renews every certificate <c>kubeadm certs renew all</c> renews.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>Plan and preflight only: nothing is written, not even the lock file.</summary>
    public bool DryRun { get; init; }

    /// <summary>Renew only when a certificate of the selection is due (within the warning threshold); otherwise plan and stop with 0.</summary>
    public bool IfDue { get; init; }

    /// <summary>Renew natively even when kubeadm is installed.</summary>
    public bool Native { get; init; }

    /// <summary>Where the timestamped backup directory is made (default <see cref="RenewalBackup.DefaultParent"/>).</summary>
    public string? BackupParent { get; init; }

    /// <summary>A ClusterConfiguration file to keep (certificatesDir, encryptionAlgorithm, certificateValidityPeriod); read from the cluster otherwise, when it answers.</summary>
    public string? KubeadmConfigFile { get; init; }

    public Thresholds Thresholds { get; init; } = Thresholds.Default;
    public RestartOptions Restart { get; init; } = new();
    public VerifyOptions Verify { get; init; } = new();

    /// <summary>Where each component is reached instead of 127.0.0.1 and its manifest's port (<c>--component-endpoint</c>).</summary>
    public IReadOnlyDictionary<string, EndpointTarget> ComponentOverrides { get; init; } = new Dictionary<string, EndpointTarget>();

    /// <summary>The invoking user's kubeconfig holding a copy of admin.conf's credentials (refreshed when <see cref="RefreshKubeconfigCopies"/>).</summary>
    public IReadOnlyList<string> KubeconfigCopies { get; init; } = [];

    /// <summary>Replace <see cref="KubeconfigCopies"/> that held the old admin.conf credentials (asked first on a terminal; <c>--yes</c>).</summary>
    public bool RefreshKubeconfigCopies { get; init; }
}
