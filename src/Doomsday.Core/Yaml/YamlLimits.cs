namespace Doomsday.Core.Yaml;

/// <summary>
/// How much YAML from outside (configs, kubeconfigs, static pod manifests, saved API documents) is parsed
/// before it is refused with <c>yaml_limit</c>. Public contract: docs/reason-codes.md and
/// docs/configuration.md. Each limit sits far above what a real file of these kinds holds and far below
/// what costs the process its stack, its memory or minutes of CPU.
/// </summary>
public static class YamlLimits
{
    /// <summary>
    /// Most nested mappings and sequences (the document's own mapping is level 1). YamlDotNet builds trees
    /// by recursion, one set of stack frames per level, so 60,000 levels overflowed the stack; its scanner
    /// is quadratic in the nesting of flow collections. System.Text.Json's default is the same 64, and
    /// a kubeconfig or a pod manifest needs fewer than 10.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>Largest YAML text parsed, in bytes (a kubeconfig with a thousand clusters is ~3 MiB).</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Alias expansion (the "billion laughs"): go-yaml v3's rule, which kubectl's parser applies, so what kubectl
    /// reads is read here. A document that would decode more than 1,000 nodes, more than 100 of them through
    /// aliases, may take at most <see cref="AllowedAliasRatio"/> of its nodes from aliases.
    /// </summary>
    public const long AliasFloor = 100;

    /// <inheritdoc cref="AliasFloor"/>
    public const long NodeFloor = 1000;

    /// <summary>go-yaml v3 <c>allowedAliasRatio</c>: 99 % up to 400,000 nodes, tapering to 10 % at 4,000,000.</summary>
    public static double AllowedAliasRatio(long nodes)
    {
        const long low = 400_000, high = 4_000_000;
        if (nodes <= low) return 0.99;
        if (nodes >= high) return 0.10;
        return 0.99 - (0.89 * (nodes - low) / (high - low));
    }
}
