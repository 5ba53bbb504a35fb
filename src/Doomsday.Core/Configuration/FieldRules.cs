using System.Net;
using System.Text.RegularExpressions;
using Doomsday.Core.Alerting;
using Doomsday.Core.Certificates;
using Doomsday.Core.Notifiers.Email;
using Doomsday.Core.Probes.Dns;
using Doomsday.Core.Probes.Http;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Configuration;

/// <summary>
/// What a single value must look like beyond its type, by property. Most rules go by property name
/// (every <c>Url</c> is an http(s) URL, every <c>Address</c> a HOST:PORT, every <c>Interval</c>
/// positive), so a new probe or notifier kind gets them without an entry here.
/// </summary>
internal static class FieldRules
{
    public static readonly IReadOnlyList<string> Severities = ["warning", "critical", "emergency"];

    private static readonly HashSet<string> PositiveDurations = ["Interval", "Timeout", "ResendEvery", "SilencesRefresh", "Every", "MaxLatency", "ProbeResults", "Incidents", "Snapshots"];

    /// <summary>
    /// Checks one scalar (a list is checked item by item). <paramref name="shown"/> is how the value may
    /// appear in the message (the text as written, or nothing for a secret).
    /// </summary>
    public static (string Code, string Message)? Check(Type owner, string property, object value, string shown)
    {
        switch (value)
        {
            case string s when property is "Url" or "Urls" or "ExternalUrl":
                return IsHttpUrl(s) ? null : (ConfigErrorCodes.InvalidUrl, $"{shown}is not an absolute http:// or https:// URL");
            case string s when property is "Address" || (owner == typeof(EmailNotifierOptions) && property == nameof(EmailNotifierOptions.Smtp)):
                return HostPort(s, defaultPort: null, out var e1) ? null : (ConfigErrorCodes.InvalidAddress, AddressMessage(shown, e1, "HOST:PORT"));
            case string s when owner == typeof(DnsProbeOptions) && property == nameof(DnsProbeOptions.Server):
                return HostPort(s, defaultPort: 53, out var e2) ? null : (ConfigErrorCodes.InvalidAddress, AddressMessage(shown, e2, "HOST[:PORT]"));
            case string s when owner == typeof(ServerConfig) && property == nameof(ServerConfig.Listen):
                return HostPort(s, defaultPort: null, out var e3) ? null : (ConfigErrorCodes.InvalidAddress, AddressMessage(shown, e3, "HOST:PORT, e.g. 127.0.0.1:9797"));
            case string s when owner == typeof(ServerConfig) && property == nameof(ServerConfig.AllowedHosts):
                return Uri.CheckHostName(s.TrimEnd('.')) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6
                    ? null : (ConfigErrorCodes.InvalidValue, $"{shown}is not a host name (a name such as doomsday.example.com, without scheme or port)");
            case string s when owner == typeof(CertificatesConfig) && property == nameof(CertificatesConfig.Endpoints):
                return EndpointSpec.TryParse(s, out _, out var e4) ? null : (ConfigErrorCodes.InvalidAddress, AddressMessage(shown, e4!, EndpointSpec.Syntax));
            case string s when property is nameof(WatchConfig.Labels) && owner == typeof(WatchConfig):
                return s.Length > 0 ? null : (ConfigErrorCodes.InvalidValue, "an empty label value is the same as no label: leave the label out");
            case string s when property is nameof(Notifiers.NotifierOptions.Severities) && typeof(Notifiers.NotifierOptions).IsAssignableFrom(owner):
                return s.Length > 0 ? null : (ConfigErrorCodes.InvalidValue, "a severity name cannot be empty");
            case string s when property is "Severity" || (owner == typeof(RouteOptions) && property == nameof(RouteOptions.Severities)):
                return Severities.Contains(s) ? null : (ConfigErrorCodes.InvalidValue, $"{shown}is not a severity (expected {string.Join(", ", Severities)})");
            case string s when owner == typeof(EmailNotifierOptions) && property == nameof(EmailNotifierOptions.StartTls):
                return OneOf(s, shown, "auto", "always", "never", "tls");
            case string s when owner == typeof(HeartbeatConfig) && property == nameof(HeartbeatConfig.Method):
                return OneOf(s, shown, "GET", "POST");
            case string s when owner == typeof(DnsProbeOptions) && property == nameof(DnsProbeOptions.RecordType):
                return OneOf(s, shown, "A", "AAAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT");
            case string s when owner == typeof(HttpProbeOptions) && property == nameof(HttpProbeOptions.Method):
                return s.Length > 0 && s.All(char.IsAsciiLetterUpper) ? null : (ConfigErrorCodes.InvalidValue, $"{shown}is not an HTTP method (upper case, e.g. GET)");
            case string s when owner == typeof(HttpProbeOptions) && property == nameof(HttpProbeOptions.Redirects):
                return OneOf(s, shown, [.. HttpRedirects.All]);
            case string s when owner == typeof(HttpProbeOptions) && property == nameof(HttpProbeOptions.BodyRegex):
                return IsRegex(s, out var e5) ? null : (ConfigErrorCodes.InvalidValue, $"not a regular expression: {e5}");
            case string s when owner == typeof(SecretTypeConfig) && property == nameof(SecretTypeConfig.KeyPatterns):
                return IsRegex(s, out var e6) ? null : (ConfigErrorCodes.InvalidValue, $"not a regular expression: {e6}");
            case string s when owner == typeof(Reporting.MetricsOptions) && property is nameof(Reporting.MetricsOptions.ExposeSubjectFields) or nameof(Reporting.MetricsOptions.ExposeIssuerFields):
                return Reporting.MetricsOptions.NameFields.Contains(s.Trim().ToUpperInvariant())
                    ? null
                    : (ConfigErrorCodes.InvalidValue, $"{shown}is not a name field (expected {string.Join(", ", Reporting.MetricsOptions.NameFields)})");
            case int n when owner == typeof(Reporting.MetricsOptions) && property == nameof(Reporting.MetricsOptions.TrimPathComponents):
                return n >= 0 ? null : (ConfigErrorCodes.InvalidValue, "must not be negative");
            case string s when property == nameof(RouteOptions.Labels) && (owner == typeof(RouteOptions) || owner == typeof(MaintenanceWindow)):
                return LabelPattern.Validate(s) is { } e8 ? (ConfigErrorCodes.InvalidValue, e8) : null;
            case string s when property == "Headers":
                return s.AsSpan().IndexOfAny('\r', '\n', '\0') < 0 ? null : (ConfigErrorCodes.InvalidValue, "a header value cannot hold a line break or NUL");
            case string s when owner == typeof(ServerConfig) && property == nameof(ServerConfig.BearerToken):
                return BearerTokenProblem(s) is { } e7 ? (ConfigErrorCodes.WeakToken, e7) : null;
            case int n when property is "FailureThreshold" or "SuccessThreshold":
                return n >= 1 ? null : (ConfigErrorCodes.InvalidValue, "must be at least 1");
            case int n when owner == typeof(HttpProbeOptions) && property == nameof(HttpProbeOptions.ExpectStatus):
                return n is >= 100 and <= 599 ? null : (ConfigErrorCodes.InvalidValue, $"{n} is not an HTTP status (100-599)");
            case TimeSpan t when PositiveDurations.Contains(property):
                if (t <= TimeSpan.Zero) return (ConfigErrorCodes.InvalidDuration, "must be a positive duration");
                return MinimumDuration(owner, property) is { } min && t < min
                    ? (ConfigErrorCodes.InvalidDuration, $"{shown}is shorter than the least allowed, {ShowBound(min)}")
                    : null;
            case TimeSpan t when !(owner == typeof(EscalationStep) && property == nameof(EscalationStep.Below)) && owner != typeof(Certificates.Thresholds):
                return t >= TimeSpan.Zero ? null : (ConfigErrorCodes.InvalidDuration, "must not be negative");
            default:
                return null;
        }
    }

    /// <summary>
    /// Checks a key of a map (a label name, a header name); <paramref name="key"/> is not a secret. Label
    /// names follow Prometheus (they become metric labels and Alertmanager labels); a probe's labels may not
    /// take the names Doomsday sets itself. Header names are checked with the call the probe and the webhook
    /// notifier make (<c>HttpHeaders.TryAddWithoutValidation</c>), so a name that could never be sent fails here.
    /// </summary>
    public static (string Code, string Message)? CheckKey(Type owner, string property, string key)
    {
        switch (property)
        {
            case "Labels":
                if (LabelNames.Problem(key) is { } problem) return (ConfigErrorCodes.InvalidValue, problem);
                if (owner.IsAssignableTo(typeof(Probes.ProbeOptions)) && Probes.ProbeMetricNames.Labels.All.Contains(key))
                {
                    return (ConfigErrorCodes.InvalidValue, $"'{key}' is a label Doomsday sets itself on every probe");
                }
                return null;
            case "Headers":
                using (var request = new HttpRequestMessage())
                {
                    return request.Headers.TryAddWithoutValidation(key, "") ? null : (ConfigErrorCodes.InvalidValue, $"'{key}' is not a header a request can carry (not an HTTP token, or a content header)");
                }
            default:
                return null;
        }
    }

    /// <summary>
    /// The shortest allowed value of a repeating interval: below it a typo (<c>1ms</c> for <c>1m</c>) would
    /// run a probe hundreds of times a second. Public contract: docs/configuration.md, "Lower bounds".
    /// </summary>
    public static TimeSpan? MinimumDuration(Type owner, string property) => (owner, property) switch
    {
        var (o, p) when o.IsAssignableTo(typeof(Probes.ProbeOptions)) && p == nameof(Probes.ProbeOptions.Interval) => TimeSpan.FromMilliseconds(100),
        (var o, nameof(CertificatesConfig.Interval)) when o == typeof(CertificatesConfig) => TimeSpan.FromSeconds(1),
        (var o, nameof(HeartbeatConfig.Interval)) when o == typeof(HeartbeatConfig) => TimeSpan.FromSeconds(1),
        (var o, nameof(EscalationStep.Every)) when o == typeof(EscalationStep) => TimeSpan.FromSeconds(1),
        (var o, nameof(Notifiers.Alertmanager.AlertmanagerNotifierOptions.ResendEvery)) when o == typeof(Notifiers.Alertmanager.AlertmanagerNotifierOptions) => TimeSpan.FromSeconds(1),
        _ => null,
    };

    private static string ShowBound(TimeSpan t) =>
        t < TimeSpan.FromSeconds(1) ? ((long)t.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms" : Durations.Format(t);

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
    private static string AddressMessage(string shown, string detail, string expected) =>
        shown.Length == 0 || shown.Contains("${", StringComparison.Ordinal)
            ? $"{shown}is not an address (expected {expected})"
            : $"{detail.Replace($" (expected {EndpointSpec.Syntax})", "", StringComparison.Ordinal)} (expected {expected})";

    private static (string, string)? OneOf(string s, string shown, params string[] allowed) =>
        allowed.Contains(s) ? null : (ConfigErrorCodes.InvalidValue, $"{shown}is not one of {string.Join(", ", allowed)}");

    private static bool IsRegex(string s, out string error)
    {
        try
        {
            _ = new Regex(s, RegexOptions.None, TimeSpan.FromSeconds(1));
            error = "";
            return true;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
