using Doomsday.Core.Pki;

namespace Doomsday.Watch.Renewal;

/// <summary>
/// <c>kubeadm certs renew</c>'s semantics without kubeadm (<see cref="KubeadmRenewal"/>): a new key of the
/// cluster's algorithm (of the current key's kind when the ClusterConfiguration is not known), CN, O,
/// SANs and extended key usages from the current certificate, signed by the CA on disk, valid as the
/// release in use makes it.
/// </summary>
internal sealed class NativeRenewer(TimeProvider time, KubeadmRenewalStyle style, TimeSpan validity, KubeadmKeyAlgorithm? algorithm) : ICertificateRenewer
{
    public string Description =>
        $"native (kubeadm certs renew's semantics: {(algorithm is { } a ? a.ToKubeadm() + " keys" : "keys of each certificate's current kind")}, " +
        $"{Core.Certificates.Durations.Format(validity)} validity, notBefore {(style == KubeadmRenewalStyle.StartAtRenewal ? "at the renewal" : "at the CA's")})";

    public Task<RenewerResult> RenewAsync(string kubeadmRoot, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        try
        {
            using var result = KubeadmRenewal.Renew(kubeadmRoot, new KubeadmRenewalOptions
            {
                At = time.GetUtcNow(),
                Style = style,
                Validity = validity,
                KeyAlgorithm = algorithm,
                Names = names.ToList(),
            });
            var renewed = names.Where(result.Renewed.ContainsKey).ToList();
            return Task.FromResult(new RenewerResult(renewed, new Dictionary<string, string>(result.Skipped), null,
                renewed.Select(n => $"{n} renewed").Concat(result.Skipped.Select(s => $"{s.Key} not renewed: {s.Value}")).ToList()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or FormatException)
        {
            return Task.FromResult(new RenewerResult([], new Dictionary<string, string>(), $"native renewal failed: {e.Message}", []));
        }
    }
}
