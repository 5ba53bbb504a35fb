using System.IO.Enumeration;
using System.Text.RegularExpressions;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// Which Secrets hold certificates: those of <see cref="Type"/> (listed with the server-side
/// <c>fieldSelector type=TYPE</c>, so other Secrets never cross the wire) and, in them, the data keys
/// matching one of <see cref="KeyGlobs"/> (<c>*</c> and <c>?</c>, case-sensitive) or of <see cref="KeyRegexes"/>.
/// </summary>
public sealed record SecretPattern(string Type, IReadOnlyList<string> KeyGlobs)
{
    public const string TlsType = "kubernetes.io/tls";

    /// <summary>
    /// What is read by default: <c>tls.crt</c> of <c>kubernetes.io/tls</c> Secrets, x509-certificate-exporter's
    /// default (its chart's <c>secretTypes</c>), so the same certificates are counted. <c>ca.crt</c> (often the
    /// issuing CA, repeated in every Secret it signed) is read only when configured.
    /// </summary>
    public static SecretPattern Tls { get; } = new(TlsType, ["tls.crt"]);

    /// <summary>Regular expressions a key may match instead (x509-certificate-exporter's <c>keyPatterns</c>: unanchored, as Go's <c>MatchString</c>).</summary>
    public IReadOnlyList<Regex> KeyRegexes { get; init; } = [];

    public bool Matches(string key) =>
        KeyGlobs.Any(g => FileSystemName.MatchesSimpleExpression(g, key, ignoreCase: false)) || KeyRegexes.Any(r => r.IsMatch(key));

    /// <summary>
    /// The patterns a run reads: <paramref name="given"/>, plus the default <see cref="Tls"/> unless one of
    /// them is for <c>kubernetes.io/tls</c> already (then it replaces the default, as a custom <c>secretTypes</c> list does).
    /// </summary>
    public static IReadOnlyList<SecretPattern> WithDefault(IReadOnlyList<SecretPattern> given) =>
        given.Any(p => p.Type == TlsType) ? given : [Tls, .. given];

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
