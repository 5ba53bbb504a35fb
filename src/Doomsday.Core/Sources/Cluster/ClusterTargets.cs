using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Yaml;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// Finds the clusters to read, as kubectl would: the <c>--kubeconfig</c> files (merged), else every
/// file in <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>; when none exists and
/// <c>KUBERNETES_SERVICE_HOST</c> is set, the pod's own service account (<c>in-cluster</c>).
/// Without <c>--context</c> the kubeconfig's current context is read; each <c>--context</c> adds one
/// cluster, so several clusters can be read at once.
/// </summary>
public static class ClusterTargets
{
    public const string InClusterContext = "in-cluster";

    /// <param name="execPlugins">
    /// Whether a user's <c>exec</c> credential plugin (<c>aws eks get-token</c>, <c>gke-gcloud-auth-plugin</c>,
    /// <c>kubelogin</c>) may be run, as kubectl runs it; false: such a context is an <c>exec_plugin_refused</c> error.
    /// </param>
    public static ClusterTargetSet Resolve(IReadOnlyList<string> kubeconfigFiles, IReadOnlyList<string> contexts, Func<string, string?> environment, string home, bool execPlugins = true)
    {
        var files = Sources.Kubeconfig.KubeconfigSource.Discover(kubeconfigFiles, environment("KUBECONFIG"), home);
        if (files.Count == 0)
        {
            if (!string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST"))) return InCluster();
            return new ClusterTargetSet([], [Error(contexts.FirstOrDefault() ?? "", ReasonCodes.NotFound,
                "no kubeconfig found (--kubeconfig, $KUBECONFIG, ~/.kube/config) and not running in a pod")]);
        }
        // Each file is loaded on its own and a context is taken from the first file that defines it
        // (kubectl's precedence); a context whose user lives in another file is not supported.
        var loaded = new List<(string File, K8SConfiguration Config)>();
        var errors = new List<SourceError>();
        foreach (var file in files)
        {
            if (TryLoad(file, out var config, out var error)) loaded.Add((file, config!));
            else errors.Add(error!);
        }

        var current = loaded.Select(l => l.Config.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c));
        var wanted = contexts.Count > 0 ? contexts.Distinct(StringComparer.Ordinal).ToList() : [current ?? ""];
        var targets = new List<ClusterTarget>();
        foreach (var context in wanted)
        {
            if (context.Length == 0)
            {
                if (loaded.Count > 0) errors.Add(Error("", ReasonCodes.BadKubeconfig, $"{string.Join(":", files)}: no current-context; pass --context"));
                continue;
            }
            var owner = loaded.FirstOrDefault(l => l.Config.Contexts?.Any(c => c.Name == context) == true);
            if (owner.Config is null)
            {
                errors.Add(Error(context, ReasonCodes.NotFound, $"context '{context}' is not in {string.Join(":", files)}"));
                continue;
            }
            if (KubeconfigFiles.Prepare(owner.Config, context, execPlugins) is { } refused)
            {
                errors.Add(Error(context, refused.Reason, $"{owner.File}: context '{context}': {refused.Message}"));
                continue;
            }
            try
            {
                var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(owner.Config, currentContext: context);
                targets.Add(new ClusterTarget(context, config, CaOf(config)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The client throws its own exceptions, and a bare Exception for gcp/azure auth-providers: all are this context's error.
                errors.Add(Error(context, ReasonCodes.BadKubeconfig, $"{owner.File}: context '{context}': {FirstLine(e.Message)}"));
            }
        }
        return new ClusterTargetSet(targets, errors);
    }

    /// <summary>
    /// One kubeconfig file as KubernetesClient's model: read without blocking (a FIFO named as the kubeconfig
    /// cannot hang the run), parsed within the YAML limits, then handed to the client's deserializer, with its
    /// path so that relative certificate paths resolve against its directory.
    /// </summary>
    private static bool TryLoad(string file, out K8SConfiguration? config, out SourceError? error)
    {
        config = null;
        error = null;
        if (!FileReader.TryRead(file, KubeconfigFiles.MaxFileSize, out var content, out var reason, out var message))
        {
            error = Error("", reason!, $"{file}: {message}");
            return false;
        }
        try
        {
            BoundedYaml.Check(BoundedYaml.Text(content));
            using var stream = new MemoryStream(content, writable: false);
            config = KubernetesClientConfiguration.LoadKubeConfig(stream);
            config.FileName = Path.GetFullPath(file);
            return true;
        }
        catch (YamlLimitException e)
        {
            error = Error("", ReasonCodes.YamlLimit, $"{file}: line {e.Start.Line}: {e.Reason}");
        }
        catch (Exception e) when (e is KubeConfigException or IOException or YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            error = Error("", ReasonCodes.BadKubeconfig, $"{file}: {FirstLine(e.Message)}");
        }
        return false;
    }

    private static ClusterTargetSet InCluster()
    {
        try
        {
            var config = KubernetesClientConfiguration.InClusterConfig();
            return new ClusterTargetSet([new ClusterTarget(InClusterContext, config, CaOf(config))], []);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            return new ClusterTargetSet([], [Error(InClusterContext, ReasonCodes.BadKubeconfig, $"in-cluster credentials: {FirstLine(e.Message)}")]);
        }
    }

    private static IReadOnlyList<CertificateInfo> CaOf(KubernetesClientConfiguration config)
    {
        var list = new List<CertificateInfo>();
        if (config.SslCaCerts is null) return list;
        foreach (var cert in config.SslCaCerts)
        {
            if (DerCertificateParser.TryParse(cert.RawData, out var info, out _)) list.Add(info!);
        }
        return list;
    }

    private static SourceError Error(string context, string reason, string message) =>
        new(new ClusterSourceRef(context, "", null, "", ""), reason, message);

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return i < 0 ? s : s[..i];
    }
}
