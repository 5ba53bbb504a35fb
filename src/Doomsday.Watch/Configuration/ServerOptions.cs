using Doomsday.Core.Configuration.Rules;
using Doomsday.Core.Configuration;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// The HTTP server (<c>/metrics</c>, <c>/healthz</c>, <c>/api/v1</c>). Bound to loopback by default; the
/// loader refuses any other address without a <see cref="BearerToken"/> (a secret: printed redacted).
/// </summary>
public sealed record ServerOptions : IConfigValidated
{
    public const string DefaultListen = "127.0.0.1:9797";

    [HostPort(expected: "HOST:PORT, e.g. 127.0.0.1:9797")]
    public string Listen { get; init; } = DefaultListen;
    [Secret, BearerToken]
    public string? BearerToken { get; init; }

    /// <summary>
    /// The URL under which people reach this daemon (behind a proxy or a port-forward, say), like
    /// Prometheus's <c>--web.external-url</c>: links in notifications (<c>generatorURL</c>,
    /// <c>externalURL</c>) start with it. Null: notifications carry no link.
    /// </summary>
    [HttpUrl(ShownWhole = true)]
    public string? ExternalUrl { get; init; }

    /// <summary>Host names the API also answers to (the <c>Host</c> header; DNS rebinding defence): docs/configuration.md.</summary>
    [HostName]
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>A listen address other than loopback needs a bearer token: the API must not be open to the network.</summary>
    public IEnumerable<ConfigProblem> Validate()
    {
        if (FieldRules.HostPort(Listen, null, out _) && !FieldRules.IsLoopback(FieldRules.Host(Listen)) && string.IsNullOrEmpty(BearerToken))
        {
            yield return new ConfigProblem("listen", ConfigErrorCodes.InsecureListen,
                $"'{Listen}' is not a loopback address: set server.bearerToken (e.g. bearerToken: ${{DOOMSDAY_TOKEN}}) or listen on 127.0.0.1");
        }
    }

    private bool PrintMembers(System.Text.StringBuilder builder) => RedactedPrinter.PrintMembers(this, builder);
}
