namespace Doomsday.Daemon.Http;

/// <summary>
/// The HTTP listener. A <see cref="Token"/> set: every endpoint but <c>/healthz</c> needs
/// <c>Authorization: Bearer TOKEN</c>. Binding anything but loopback without a token is refused.
/// </summary>
public sealed record ServerSettings
{
    public string Listen { get; init; } = ListenAddress.Default;
    public string? Token { get; init; }

    /// <summary>Null when the settings can be served; otherwise why not, for the user.</summary>
    public string? Validate(out ListenAddress? address)
    {
        if (!ListenAddress.TryParse(Listen, out address, out var error)) return $"server.listen: {error}";
        if (!address!.IsLoopback && string.IsNullOrEmpty(Token))
            return $"server.listen: {Listen} is not a loopback address; set server.token so that the API is not open to the network without a bearer token";
        return null;
    }
}
