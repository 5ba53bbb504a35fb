using System.IO.Enumeration;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>What to read from each cluster, and how.</summary>
public sealed record ClusterReadOptions
{
    /// <summary>Secret types and keys holding certificates; <c>kubernetes.io/tls</c> (<c>tls.crt</c>, <c>ca.crt</c>) by default.</summary>
    public IReadOnlyList<SecretPattern> Secrets { get; init; } = [SecretPattern.Tls];

    /// <summary>
    /// ConfigMap keys (globs) that hold certificates, in every ConfigMap. <c>kube-root-ca.crt</c>'s
    /// <c>ca.crt</c> is always read (through <c>fieldSelector metadata.name=kube-root-ca.crt</c>);
    /// any glob here makes every ConfigMap be listed.
    /// </summary>
    public IReadOnlyList<string> ConfigMapKeys { get; init; } = [];

    /// <summary>When not empty, only these namespaces are read (one list call per namespace).</summary>
    public IReadOnlyList<string> IncludeNamespaces { get; init; } = [];

    /// <summary>Namespaces left out, server-side (<c>fieldSelector metadata.namespace!=NS</c>).</summary>
    public IReadOnlyList<string> ExcludeNamespaces { get; init; } = [];

    /// <summary>A Kubernetes label selector (<c>a=b,c!=d,!e</c>) applied to Secrets and to the ConfigMaps of <see cref="ConfigMapKeys"/>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary><c>limit</c> of each list call: memory holds one page at a time.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Bound of each API call (and of the handshake with the API server).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Passphrases tried on PKCS#12 data.</summary>
    public IReadOnlyList<string> Passphrases { get; init; } = [];

    internal bool ConfigMapKeyMatches(string key) =>
        ConfigMapKeys.Any(g => FileSystemName.MatchesSimpleExpression(g, key, ignoreCase: false));
}
