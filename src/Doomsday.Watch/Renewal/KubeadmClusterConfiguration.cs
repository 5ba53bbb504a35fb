using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Doomsday.Core.Pki;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Watch.Renewal;

/// <summary>
/// The parts of kubeadm's ClusterConfiguration (<c>kubeadm.k8s.io/v1beta3</c> or <c>v1beta4</c>) a
/// renewal must keep: where the certificates live (<c>certificatesDir</c>), the key algorithm
/// (<c>encryptionAlgorithm</c>, or v1beta3's <c>featureGates.PublicKeysECDSA</c>), the leaf validity
/// (<c>certificateValidityPeriod</c>), external etcd, and the Kubernetes version. kubeadm keeps it in the
/// <c>kubeadm-config</c> ConfigMap of kube-system, key <c>ClusterConfiguration</c>
/// (<c>kubectl -n kube-system get cm kubeadm-config -o jsonpath='{.data.ClusterConfiguration}'</c>).
/// </summary>
public sealed partial record KubeadmClusterConfiguration(
    string Text,
    string? ApiVersion,
    string CertificatesDir,
    KubeadmKeyAlgorithm? KeyAlgorithm,
    TimeSpan? CertificateValidity,
    bool ExternalEtcd,
    string? KubernetesVersion)
{
    public const string DefaultCertificatesDir = "/etc/kubernetes/pki";

    /// <summary>Reads the ClusterConfiguration document of <paramref name="text"/> (one document, or several separated by <c>---</c>).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out KubeadmClusterConfiguration? configuration, [NotNullWhen(false)] out string? error)
    {
        configuration = null;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            error = $"line {e.Start.Line}, column {e.Start.Column}: {e.Message.Split('\n')[0]}";
            return false;
        }
        var doc = stream.Documents.Select(d => d.RootNode as YamlMappingNode)
            .FirstOrDefault(m => m is not null && (Scalar(m, "kind") is null or "ClusterConfiguration"));
        if (doc is null)
        {
            error = "no ClusterConfiguration document in it";
            return false;
        }
        var apiVersion = Scalar(doc, "apiVersion");
        KubeadmKeyAlgorithm? algorithm = null;
        if (Scalar(doc, "encryptionAlgorithm") is { } enc)
        {
            if (!KubeadmKeyAlgorithms.TryParse(enc, out var a))
            {
                error = $"encryptionAlgorithm '{enc}' is not one of RSA-2048, RSA-3072, RSA-4096, ECDSA-P256, ECDSA-P384";
                return false;
            }
            algorithm = a;
        }
        else if (Child(doc, "featureGates") is YamlMappingNode gates && Scalar(gates, "PublicKeysECDSA") is "true")
        {
            algorithm = KubeadmKeyAlgorithm.EcdsaP256;
        }
        TimeSpan? validity = null;
        if (Scalar(doc, "certificateValidityPeriod") is { } period)
        {
            if (!TryGoDuration(period, out var v) || v <= TimeSpan.Zero)
            {
                error = $"certificateValidityPeriod '{period}' is not a duration such as 8760h0m0s";
                return false;
            }
            validity = v;
        }
        var etcd = Child(doc, "etcd") as YamlMappingNode;
        configuration = new KubeadmClusterConfiguration(text, apiVersion,
            Scalar(doc, "certificatesDir") is { Length: > 0 } dir ? dir.TrimEnd('/') : DefaultCertificatesDir,
            algorithm, validity, etcd is not null && Child(etcd, "external") is YamlMappingNode,
            Scalar(doc, "kubernetesVersion"));
        error = null;
        return true;
    }

    /// <summary>Go's <c>time.Duration</c> text as metav1.Duration writes it: <c>8760h0m0s</c>, <c>720h</c>, <c>90m</c>, <c>1.5h</c>.</summary>
    internal static bool TryGoDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var matches = GoDurationPart().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text) return false;
        foreach (Match m in matches)
        {
            if (!double.TryParse(m.Groups["n"].Value, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var n)) return false;
            value += m.Groups["u"].Value switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                "ms" => TimeSpan.FromMilliseconds(n),
                _ => TimeSpan.Zero,
            };
        }
        return true;
    }

    [GeneratedRegex(@"(?<n>\d+(\.\d+)?)(?<u>h|ms|m|s)", RegexOptions.CultureInvariant)]
    private static partial Regex GoDurationPart();

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;
}
