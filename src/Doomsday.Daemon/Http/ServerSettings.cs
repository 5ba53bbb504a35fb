namespace Doomsday.Daemon.Http;

/// <summary>
/// The HTTP listener. A <see cref="Token"/> set: every endpoint but <c>/healthz</c> needs
/// <c>Authorization: Bearer TOKEN</c>. Binding anything but loopback without a token is refused.
/// </summary>
public sealed record ServerSettings
{
    // Compared on reload (a change applies at the next start): lists by content, not by reference.
    public bool Equals(ServerSettings? other) =>
        other is not null && Listen == other.Listen && Token == other.Token && AllowedHosts.SequenceEqual(other.AllowedHosts, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Listen, Token, AllowedHosts.Count);

    public string Listen { get; init; } = ListenAddress.Default;
    public string? Token { get; init; }

    /// <summary>
    /// Names besides the listen address and <c>localhost</c> that clients may use in the <c>Host</c> header
    /// (a DNS name Prometheus scrapes by, a reverse proxy's): anything else is refused with 421 (DNS rebinding).
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Null when the settings can be served; otherwise why not, for the user.</summary>
    public string? Validate(out ListenAddress? address)
    {
        if (!ListenAddress.TryParse(Listen, out address, out var error)) return $"server.listen: {error}";
        if (!address!.IsLoopback && string.IsNullOrEmpty(Token))
            return $"server.listen: {Listen} is not a loopback address; set server.bearerToken so that the API is not open to the network without a bearer token";
        return null;
    }
}
