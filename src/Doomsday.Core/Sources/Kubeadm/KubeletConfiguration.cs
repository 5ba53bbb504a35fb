using System.Text;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>
/// What doctor reads of the kubelet's configuration file, <c>/var/lib/kubelet/config.yaml</c> on a kubeadm
/// node (a <c>KubeletConfiguration</c>, kubelet.config.k8s.io/v1beta1, written by kubeadm from the
/// kubelet-config ConfigMap). <see cref="RotateCertificates"/> is the field's value, false when it is absent
/// (the kubelet's own default; kubeadm writes true). The deprecated <c>--rotate-certificates</c> flag is not read.
/// </summary>
public sealed record KubeletConfiguration(string Path, bool RotateCertificates)
{
    /// <summary>The file under the layout's kubelet directory; null when it is absent or not a YAML mapping.</summary>
    public static KubeletConfiguration? Read(KubeadmLayout layout)
    {
        var path = System.IO.Path.Combine(layout.KubeletDir, "config.yaml");
        if (!File.Exists(layout.Resolve(path)) || !FileReader.TryRead(layout.Resolve(path), 1024 * 1024, out var content, out _, out _)) return null;
        try
        {
            var stream = BoundedYaml.Load(Encoding.UTF8.GetString(content));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return null;
            return new KubeletConfiguration(path, Scalar(root, "rotateCertificates") == "true");
        }
        catch (YamlException) // YamlLimitException too: past the nesting or size limits
        {
            return null;
        }
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
}
