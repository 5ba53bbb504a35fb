namespace Doomsday.Core.Inventory;

/// <summary>Where a certificate (or an error) was found. One subtype per kind of place.</summary>
public abstract record SourceRef
{
    /// <summary>Public contract: <c>file</c>, <c>kubeconfig</c>, <c>endpoint</c>, <c>kubernetes</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>A short human-readable location for tables and messages.</summary>
    public abstract string Display { get; }
}

/// <summary>A certificate file; <paramref name="Index"/> is the 0-based position in a bundle.</summary>
public sealed record FileSourceRef(string Path, int? Index = null, string? Format = null) : SourceRef
{
    public override string Kind => "file";
    public override string Display => Index is > 0 ? $"{Path} #{Index}" : Path;
}

/// <summary>
/// A certificate inside, or referenced by, a kubeconfig. <paramref name="EmbeddedKind"/> is
/// <c>cluster</c> or <c>user</c>; <paramref name="Field"/> the kubeconfig key
/// (<c>certificate-authority-data</c>, <c>client-certificate</c>, ...). When the field names a file,
/// <paramref name="ReferencedPath"/> is that file, resolved the way kubectl resolves it.
/// </summary>
public sealed record KubeconfigSourceRef(
    string Path,
    string EmbeddedKind,
    string EmbeddedName,
    string Field,
    int? Index = null,
    string? ReferencedPath = null) : SourceRef
{
    public override string Kind => "kubeconfig";
    public override string Display =>
        $"{Path} {EmbeddedKind}:{EmbeddedName} {Field}" + (ReferencedPath is null ? "" : $" → {ReferencedPath}") + (Index is > 0 ? $" #{Index}" : "");
}

/// <summary>A chain presented by a live TLS endpoint; <paramref name="Index"/> 0 is the leaf.</summary>
public sealed record EndpointSourceRef(string Host, int Port, string? Sni, int? Index = null) : SourceRef
{
    public override string Kind => "endpoint";
    public string Address => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
    public override string Display =>
        Address + (Sni is null || Sni == Host ? "" : $" sni={Sni}") + (Index is null ? "" : $" #{Index}");
}
