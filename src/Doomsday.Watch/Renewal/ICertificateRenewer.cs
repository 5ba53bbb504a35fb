namespace Doomsday.Watch.Renewal;

/// <summary>What one renewer did: by kubeadm name, renewed or why not; and a transcript worth showing.</summary>
public sealed record RenewerResult(
    IReadOnlyList<string> Renewed,
    IReadOnlyDictionary<string, string> NotRenewed,
    string? Failure,
    IReadOnlyList<string> Transcript);

/// <summary>
/// Writes renewed certificates for the names asked (kubeadm names: <c>apiserver</c>, <c>admin.conf</c>, ...).
/// Either <c>kubeadm certs renew</c> itself or the same operation done natively; the stage after it re-reads
/// every file whichever ran.
/// </summary>
public interface ICertificateRenewer
{
    /// <summary>How it renews, for the plan ("kubeadm certs renew (/usr/bin/kubeadm)", "native").</summary>
    string Description { get; }

    Task<RenewerResult> RenewAsync(string kubeadmRoot, IReadOnlyList<string> names, CancellationToken cancellationToken);
}
