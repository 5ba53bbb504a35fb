using Doomsday.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Core.Sources.Kubeconfig;

/// <summary>The parts of a kubeconfig that say who talks to which server: clusters, users and contexts.</summary>
public sealed record KubeconfigDocument(
    string Path,
    IReadOnlyList<KubeconfigCluster> Clusters,
    IReadOnlyList<KubeconfigUser> Users,
    IReadOnlyList<KubeconfigContext> Contexts,
    string? CurrentContext)
{
    public static bool TryParse(string path, byte[] content, out KubeconfigDocument? document, out string? error)
    {
        document = null;
        try
        {
            var stream = BoundedYaml.Load(BoundedYaml.Text(content));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                error = "kubeconfig is empty or not a YAML mapping";
                return false;
            }
            var clusters = Entries(root, "clusters", "cluster")
                .Select(e => new KubeconfigCluster(e.Name, Scalar(e.Body, "server"), Scalar(e.Body, "tls-server-name"), e.Line))
                .ToList();
            var users = Entries(root, "users", "user").Select(e => new KubeconfigUser(e.Name, e.Line)).ToList();
            var contexts = Entries(root, "contexts", "context")
                .Select(e => new KubeconfigContext(e.Name, Scalar(e.Body, "cluster"), Scalar(e.Body, "user")))
                .ToList();
            document = new KubeconfigDocument(path, clusters, users, contexts, Scalar(root, "current-context"));
            error = null;
            return true;
        }
        catch (YamlLimitException e)
        {
            error = $"line {e.Start.Line}, column {e.Start.Column}: {e.Reason}";
            return false;
        }
        catch (YamlException e)
        {
            error = $"line {e.Start.Line}, column {e.Start.Column}: {e.Message.Split('\n')[0]}";
            return false;
        }
        catch (InvalidOperationException)
        {
            error = "malformed YAML (an unclosed flow collection)";
            return false;
        }
    }

    /// <summary>The cluster a user is used with, through the contexts that pair them.</summary>
    public IEnumerable<KubeconfigCluster> ClustersOfUser(string user) =>
        Contexts.Where(c => c.User == user)
            .Select(c => Clusters.FirstOrDefault(k => k.Name == c.Cluster))
            .OfType<KubeconfigCluster>()
            .Distinct();

    /// <summary>The named entries of a kubeconfig list (<c>clusters</c>, <c>users</c>, <c>contexts</c>); a missing body reads as empty.</summary>
    internal static IEnumerable<(string Name, YamlMappingNode Body, long Line)> Entries(YamlMappingNode root, string listKey, string bodyKey)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(listKey), out var list) || list is not YamlSequenceNode seq) yield break;
        foreach (var item in seq.Children.OfType<YamlMappingNode>())
        {
            var name = Scalar(item, "name") ?? "";
            var body = item.Children.TryGetValue(new YamlScalarNode(bodyKey), out var b) && b is YamlMappingNode m ? m : new YamlMappingNode();
            yield return (name, body, item.Start.Line);
        }
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !string.IsNullOrEmpty(s.Value) ? s.Value : null;
}

public sealed record KubeconfigCluster(string Name, string? Server, string? TlsServerName, long Line)
{
    /// <summary>Host and port of <see cref="Server"/>; null when it is missing or not a URL.</summary>
    public (string Host, int Port)? Endpoint()
    {
        if (Server is null || !Uri.TryCreate(Server, UriKind.Absolute, out var uri)) return null;
        var port = uri.IsDefaultPort ? (uri.Scheme == "http" ? 80 : 443) : uri.Port;
        return (uri.IdnHost.Trim('[', ']'), port);
    }
}

public sealed record KubeconfigUser(string Name, long Line);

public sealed record KubeconfigContext(string Name, string? Cluster, string? User);
