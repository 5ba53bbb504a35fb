using System.Net;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Configuration;

/// <summary>
/// The value checks shared by the rule attributes (<see cref="Rules"/> folder) and the rules across a record's
/// keys (<see cref="Rules.IConfigValidated"/>, e.g. the server's listen address and token). Nothing here goes by a property's name; applying a property's rules is the
/// binder's (Doomsday.Watch, <c>ConfigField.Check</c>).
/// </summary>
internal static class FieldRules
{
    public static readonly IReadOnlyList<string> Severities = ["warning", "critical", "emergency"];

    /// <summary>Fewest characters of <c>server.bearerToken</c> (docs/configuration.md): 16 random characters are 96 bits and more.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// Why a bearer token is too weak to guard the API, or null. The value is a secret: the message never
    /// holds it, nor its length.
    /// </summary>
    public static string? BearerTokenProblem(string token)
    {
        if (token.Length == 0) return null; // no token: the listen address check decides
        if (token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return "a bearer token cannot hold spaces, line breaks or control characters";
        if (token.Length < MinimumTokenLength) return $"a bearer token needs at least {MinimumTokenLength} characters (e.g. openssl rand -hex 32)";
        if (token.Distinct().Count() < 4) return "a bearer token needs more than a few distinct characters (e.g. openssl rand -hex 32)";
        return null;
    }

    public static bool IsHttpUrl(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    /// <summary>HOST:PORT (IPv6 bracketed), through scan's endpoint parser so both accept the same addresses.</summary>
    public static bool HostPort(string s, int? defaultPort, out string error)
    {
        error = "";
        if (s.Contains(',')) return Fail($"'{s}' has options; only HOST:PORT is accepted here", out error);
        if (EndpointSpec.TryParse(s, out _, out var e)) return true;
        if (defaultPort is { } port && EndpointSpec.TryParse($"{s}:{port}", out _, out _)) return true;
        error = e ?? "not an address";
        return false;
    }

    /// <summary>The host part of an address <see cref="HostPort"/> accepted.</summary>
    public static string Host(string s) => EndpointSpec.TryParse(s, out var t, out _) ? t!.Host : s;

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The parser's detail quotes the value, so it is used only when the value may be shown (not a secret, not from the environment).</summary>
    internal static string AddressMessage(string shown, string detail, string expected) =>
        shown.Length == 0 || shown.Contains("${", StringComparison.Ordinal)
            ? $"{shown}is not an address (expected {expected})"
            : $"{detail.Replace($" (expected {EndpointSpec.Syntax})", "", StringComparison.Ordinal)} (expected {expected})";

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
