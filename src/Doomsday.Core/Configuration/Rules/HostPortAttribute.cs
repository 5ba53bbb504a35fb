using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Configuration.Rules;

/// <summary>
/// A HOST:PORT address (IPv6 bracketed), parsed as scan parses endpoints; with a <paramref name="defaultPort"/>
/// (not 0) the port may be left out. <paramref name="expected"/> is what the message says is expected.
/// </summary>
internal sealed class HostPortAttribute(int defaultPort = 0, string expected = "HOST:PORT") : FieldRuleAttribute
{
    public override (string Code, string Message)? Check(object value, string shown) =>
        value is string s && !FieldRules.HostPort(s, defaultPort == 0 ? null : defaultPort, out var error)
            ? (ConfigErrorCodes.InvalidAddress, FieldRules.AddressMessage(shown, error, expected))
            : null;
}

/// <summary>An endpoint as <c>scan --endpoint</c> takes it: HOST:PORT with options (<see cref="EndpointSpec.Syntax"/>).</summary>
internal sealed class EndpointAttribute : FieldRuleAttribute
{
    public override (string Code, string Message)? Check(object value, string shown) =>
        value is string s && !EndpointSpec.TryParse(s, out _, out var error)
            ? (ConfigErrorCodes.InvalidAddress, FieldRules.AddressMessage(shown, error!, EndpointSpec.Syntax))
            : null;
}

/// <summary>A host name or IP address, without scheme or port (a value of the HTTP Host header).</summary>
internal sealed class HostNameAttribute : FieldRuleAttribute
{
    public override (string Code, string Message)? Check(object value, string shown) =>
        value is string s && Uri.CheckHostName(s.TrimEnd('.')) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6)
            ? (ConfigErrorCodes.InvalidValue, $"{shown}is not a host name (a name such as doomsday.example.com, without scheme or port)")
            : null;
}
