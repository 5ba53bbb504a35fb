using System.Text.RegularExpressions;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Kubeadm;
using k8s;

namespace Doomsday.Watch.Renewal;

/// <summary>
/// A real node: <c>kubeadm certs renew</c> when kubeadm is on PATH and the tree is /etc/kubernetes
/// (native otherwise, or when asked); the ClusterConfiguration from the <c>kubeadm-config</c> ConfigMap
/// through admin.conf, as kubeadm itself reads it; <c>crictl</c> to watch containers (the ports when
/// crictl is not installed).
/// </summary>
public sealed partial class NodeEnvironment(TimeProvider time, Func<string, string?> environment) : IRenewalEnvironment
{
    public ICertificateRenewer Renewer(RenewalRequest request, string root, KubeadmClusterConfiguration? configuration, KubeadmNode node)
    {
        if (!request.Native && root.TrimEnd('/') == KubeadmLayout.DefaultRoot && Find("kubeadm") is { } kubeadm)
        {
            return new KubeadmCliRenewer(kubeadm, request.KubeadmConfigFile);
        }
        var version = configuration?.KubernetesVersion ?? ImageVersion(node.Manifests.FirstOrDefault(m => m.Component == "kube-apiserver"));
        return new NativeRenewer(time, StyleOf(version), configuration?.CertificateValidity ?? KubeadmRenewal.DefaultValidity, configuration?.KeyAlgorithm);
    }

    /// <summary>
    /// Releases from v1.31 (ClusterConfiguration v1beta4, <c>certificateValidityPeriod</c>) start a renewed
    /// certificate at the renewal, back-dated 5 minutes; earlier ones keep the CA's notBefore (see <see cref="KubeadmRenewalStyle"/>).
    /// Unknown: the older behaviour, which only changes notBefore.
    /// </summary>
    public static KubeadmRenewalStyle StyleOf(string? version)
    {
        var m = version is null ? null : MinorVersion().Match(version);
        return m is { Success: true } && int.Parse(m.Groups["major"].Value, System.Globalization.CultureInfo.InvariantCulture) == 1
                                      && int.Parse(m.Groups["minor"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 31
            ? KubeadmRenewalStyle.StartAtRenewal
            : KubeadmRenewalStyle.KeepCaNotBefore;
    }

    public async Task<(string? Text, string? Source, string? Error)> FetchClusterConfigurationAsync(string root, CancellationToken cancellationToken)
    {
        var admin = Path.Combine(root, KubeadmNames.AdminConf);
        if (!File.Exists(admin)) return (null, null, $"{admin} does not exist");
        var set = ClusterTargets.Resolve([admin], [], environment, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        if (set.Targets.Count == 0) return (null, null, set.Errors.FirstOrDefault()?.Message ?? "admin.conf names no cluster");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var client = set.Targets[0].CreateClient();
            var map = await client.GetAsync("api/v1/namespaces/kube-system/configmaps/kubeadm-config", ClusterJson.Default.V1ConfigMap, timeout.Token).ConfigureAwait(false);
            return map.Data is { } data && data.TryGetValue("ClusterConfiguration", out var text)
                ? (text, $"the kubeadm-config ConfigMap ({set.Targets[0].Server})", null)
                : (null, null, "the kubeadm-config ConfigMap has no ClusterConfiguration");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, null, $"{set.Targets[0].Server} did not answer within 5s");
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or IOException or System.Security.Authentication.AuthenticationException)
        {
            return (null, null, $"{set.Targets[0].Server}: {e.Message.Split('\n')[0]}");
        }
    }

    public IPodObserver PodObserver(IReadOnlyDictionary<string, EndpointTarget> ports) =>
        Find("crictl") is { } crictl ? new CrictlPodObserver(crictl) : new PortPodObserver(ports);

    private string? Find(string name)
    {
        foreach (var dir in (environment("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>The tag of the API server's image (kubeadm writes <c>registry.k8s.io/kube-apiserver:v1.31.0</c>).</summary>
    private static string? ImageVersion(StaticPodManifest? manifest) =>
        manifest?.Image is { } image && image.LastIndexOf(':') is var colon and > 0 && colon > image.LastIndexOf('/') ? image[(colon + 1)..] : null;

    [GeneratedRegex(@"^v?(?<major>\d+)\.(?<minor>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex MinorVersion();
}
