using System.Text.RegularExpressions;
using Doomsday.Core.Configuration;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// <c>certificates.cluster</c>: read the cluster through the Kubernetes API (Secrets, CA bundles,
/// cert-manager). <see cref="Kubeconfig"/> null: in-cluster config, then <c>$KUBECONFIG</c>.
/// </summary>
public sealed record ClusterOptions
{
    public bool Enabled { get; init; } = true;
    [ConfigPath]
    public string? Kubeconfig { get; init; }
    public string? Context { get; init; }

    /// <summary>
    /// Which Secrets and keys hold certificates, as x509-certificate-exporter's <c>secretTypes</c>; empty:
    /// its default, <c>tls.crt</c> of <c>kubernetes.io/tls</c> Secrets. A list with a <c>kubernetes.io/tls</c>
    /// entry replaces that default.
    /// </summary>
    public IReadOnlyList<SecretTypeOptions> SecretTypes { get; init; } = [];

    /// <summary>The patterns <see cref="SecretTypes"/> describe, with the default as <see cref="SecretPattern.WithDefault"/> adds it.</summary>
    public IReadOnlyList<SecretPattern> SecretPatterns => SecretPattern.WithDefault(SecretTypes.Select(t => t.ToPattern()).ToList());
}

/// <summary>
/// One entry of <c>certificates.cluster.secretTypes</c>, with x509-certificate-exporter's keys: the Secret
/// <see cref="Type"/>, and either one data <see cref="Key"/> or <see cref="KeyPatterns"/> (regular
/// expressions, unanchored like Go's <c>MatchString</c>: write <c>^...$</c> to anchor).
/// </summary>
public sealed record SecretTypeOptions : IConfigValidated
{
    public required string Type { get; init; }
    public string? Key { get; init; }
    [Regex]
    public IReadOnlyList<string> KeyPatterns { get; init; } = [];

    /// <summary>Without a key or a pattern the entry would match no data key at all.</summary>
    public IEnumerable<ConfigProblem> Validate()
    {
        if (Key is null && KeyPatterns.Count == 0)
        {
            yield return new ConfigProblem("key", ConfigErrorCodes.MissingField, "a secret type needs 'key' or 'keyPatterns' (which data keys hold certificates)");
        }
    }

    public SecretPattern ToPattern() => new(Type, [])
    {
        KeyRegexes = (Key is null ? [] : new[] { "^" + Regex.Escape(Key) + "$" }).Concat(KeyPatterns)
            .Select(p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))
            .ToList(),
    };
}
