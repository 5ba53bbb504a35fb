namespace Doomsday.Core.Probes.Dns;

/// <summary>
/// Asks <see cref="Server"/> (<c>host:port</c>, port 53 by default) for <see cref="Query"/>. Success
/// needs an answer (NOERROR with at least one record of <see cref="RecordType"/>) and, when
/// <see cref="ExpectAnswers"/> is set, every expected value among the answers.
/// </summary>
public sealed record DnsProbeOptions : ProbeOptions
{
    public override string Kind => "dns";
    public override string Target => Server;
    public required string Server { get; init; }
    public required string Query { get; init; }
    public string RecordType { get; init; } = "A";
    public IReadOnlyList<string> ExpectAnswers { get; init; } = [];
    public bool Tcp { get; init; }
}
