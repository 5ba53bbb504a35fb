using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Probes.Dns;

/// <summary>
/// Asks <see cref="Server"/> (<c>host:port</c>, port 53 by default) for <see cref="Query"/>. Success
/// needs an answer (NOERROR with at least one record of <see cref="RecordType"/>) and, when
/// <see cref="ExpectAnswers"/> is set, every expected value among the answers.
/// </summary>
public sealed record DnsProbeOptions : ProbeOptions
{
    /// <summary>The <c>kind</c> of the config file, written only here (the registry and <see cref="Kind"/> use it).</summary>
    public const string KindName = "dns";

    public override string Kind => KindName;
    public override string Target => Server;
    [HostPort(defaultPort: 53, expected: "HOST[:PORT]")]
    public required string Server { get; init; }
    public required string Query { get; init; }
    [OneOf("A", "AAAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT")]
    public string RecordType { get; init; } = "A";
    [ConfigKey("expect.answers")]
    public IReadOnlyList<string> ExpectAnswers { get; init; } = [];
    public bool Tcp { get; init; }
}
