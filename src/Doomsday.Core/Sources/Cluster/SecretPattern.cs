using System.IO.Enumeration;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// Which Secrets hold certificates: those of <see cref="Type"/> (listed with the server-side
/// <c>fieldSelector type=TYPE</c>, so other Secrets never cross the wire) and, in them, the data keys
/// matching one of <see cref="KeyGlobs"/> (<c>*</c> and <c>?</c>, case-sensitive).
/// </summary>
public sealed record SecretPattern(string Type, IReadOnlyList<string> KeyGlobs)
{
    public static SecretPattern Tls { get; } = new("kubernetes.io/tls", ["tls.crt", "ca.crt"]);

    public bool Matches(string key) => KeyGlobs.Any(g => FileSystemName.MatchesSimpleExpression(g, key, ignoreCase: false));

    /// <summary>Parses <c>TYPE=GLOB[,GLOB...]</c>, e.g. <c>Opaque=*.crt,*.pem</c>.</summary>
    public static bool TryParse(string text, out SecretPattern? pattern, out string? error)
    {
        pattern = null;
        var eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
        {
            error = $"'{text}' is not TYPE=GLOB[,GLOB...] (e.g. Opaque=*.crt)";
            return false;
        }
        var globs = text[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        pattern = new SecretPattern(text[..eq].Trim(), globs);
        error = null;
        return true;
    }
}
