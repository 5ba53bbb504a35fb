using Doomsday.Core.Certificates;

namespace Doomsday.Watch.Renewal;

/// <summary>What the plan intends for one certificate. Wire names are public contract (docs/renew.md).</summary>
public enum PlannedAction
{
    Renew,
    /// <summary>Its CA's key is absent: kubeadm's "externally managed". Renewed by whoever holds the CA.</summary>
    ExternalCa,
    /// <summary>The file (or the kubeconfig's embedded certificate) does not exist here.</summary>
    Missing,
    /// <summary>Left out by the names given.</summary>
    NotSelected,
}

public static class PlannedActions
{
    public static string ToWire(this PlannedAction a) => a switch
    {
        PlannedAction.Renew => "renew",
        PlannedAction.ExternalCa => "external-ca",
        PlannedAction.Missing => "missing",
        _ => "not-selected",
    };
}

/// <summary>One certificate kubeadm renews, as found before the renewal.</summary>
/// <param name="File">Path relative to the kubeadm root: <c>pki/apiserver.crt</c>, <c>admin.conf</c>.</param>
/// <param name="KeyFile">Its key, relative to the root, when it is a file of its own.</param>
public sealed record PlannedCertificate(
    string Name,
    string File,
    string? KeyFile,
    string Authority,
    CertificateInfo? Current,
    Severity? Severity,
    PlannedAction Action,
    string? Note);

/// <summary>One static pod that loads renewed files and so is restarted, in kubeadm upgrade's order.</summary>
/// <param name="Files">The renewed files it loads, relative to the root (certificates, keys, kubeconfigs): what its rollback restores.</param>
/// <param name="ServedFiles">For each of <paramref name="Endpoints"/>, the certificate file it serves (mapped), null for one made at start.</param>
public sealed record PlannedComponent(
    string Pod,
    string ManifestPath,
    IReadOnlyList<string> Files,
    IReadOnlyList<ServedExpectation> Endpoints,
    IReadOnlyList<string?> ServedFiles,
    IReadOnlyList<ServedObservation> ServedBefore);

public enum CheckStatus
{
    Ok,
    Warning,
    Failed,
    Skipped,
}

/// <summary>One preflight check. <see cref="CheckStatus.Failed"/> refuses the renewal.</summary>
public sealed record PreflightCheck(string Name, CheckStatus Status, string Detail);

/// <summary>Stage 1: what will be renewed and restarted, and whether it is safe to start.</summary>
public sealed record RenewalPlan(
    string Root,
    IReadOnlyList<PlannedCertificate> Certificates,
    IReadOnlyList<PlannedComponent> Components,
    IReadOnlyList<PreflightCheck> Preflight,
    string Renewer,
    string ConfigurationSource,
    KubeadmClusterConfiguration? Configuration)
{
    public IEnumerable<PlannedCertificate> ToRenew => Certificates.Where(c => c.Action == PlannedAction.Renew);

    /// <summary>Why the renewal must not start; empty when it may.</summary>
    public IReadOnlyList<string> Blockers => Preflight.Where(p => p.Status == CheckStatus.Failed).Select(p => $"{p.Name}: {p.Detail}").ToList();

    public bool Due(Thresholds thresholds, DateTimeOffset now) =>
        ToRenew.Any(c => c.Current is not null && thresholds.Classify(c.Current.NotBefore, c.Current.NotAfter, now) != Severity.Ok);
}
