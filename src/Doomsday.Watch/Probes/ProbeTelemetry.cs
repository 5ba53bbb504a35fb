using Doomsday.Core.Certificates;

namespace Doomsday.Watch.Probes;

/// <summary>
/// What a probe run measured beyond success and duration: the figures blackbox_exporter 0.23 exposes
/// per probe (<c>prober/utils.go</c>, <c>http.go</c>, <c>tcp.go</c>, <c>tls.go</c>, <c>dns.go</c>), for
/// <see cref="ProbeMetricsWriter"/>. Each part is null when the probe kind has no such figures.
/// </summary>
public sealed record ProbeTelemetry
{
    public static ProbeTelemetry None { get; } = new();

    /// <summary>The target's address as the probe resolved and connected to it (blackbox's <c>chooseProtocol</c>).</summary>
    public AddressTelemetry? Address { get; init; }

    /// <summary>The final response of an HTTP probe (every HTTP exchange, also when it failed before an answer).</summary>
    public HttpTelemetry? Http { get; init; }

    /// <summary>The TLS connection, when a handshake was made (the chain also when it then failed).</summary>
    public TlsTelemetry? Tls { get; init; }

    public DnsTelemetry? Dns { get; init; }

    /// <summary>Whether the run failed on a body expectation (blackbox's <c>probe_failed_due_to_regex</c>); null: the kind has none.</summary>
    public bool? FailedDueToRegex { get; init; }
}

/// <summary>
/// <paramref name="Lookup"/>: name resolution time (0 for an IP address). <paramref name="IpProtocol"/>: 4 or 6,
/// and <paramref name="IpHash"/> blackbox's FNV-1a 32 of the address bytes, when a connection was made
/// (or, for DNS probes, the server's address chosen); null otherwise.
/// </summary>
public sealed record AddressTelemetry(TimeSpan Lookup, int? IpProtocol, uint? IpHash)
{
    /// <summary>blackbox's <c>ipHash</c>: FNV-1a (32 bit) over the 4 bytes of an IPv4 address or the 16 of an IPv6 one.</summary>
    public static uint Hash(System.Net.IPAddress ip)
    {
        var address = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
        var hash = 2166136261u;
        foreach (var b in address.GetAddressBytes())
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return hash;
    }

    public static AddressTelemetry Connected(TimeSpan lookup, System.Net.IPAddress ip)
    {
        var address = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
        return new AddressTelemetry(lookup, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 6 : 4, Hash(address));
    }
}

/// <summary>
/// blackbox's HTTP families. Phases are summed over redirects as blackbox sums them: <c>resolve</c>,
/// <c>connect</c> (TCP), <c>tls</c>, <c>processing</c> (connection ready to response headers),
/// <c>transfer</c> (headers to the end of the body, final response only). <see cref="Status"/> is 0
/// when no answer came, <see cref="ContentLength"/> -1 when the answer did not say.
/// </summary>
public sealed record HttpTelemetry
{
    public TimeSpan Resolve { get; init; }
    public TimeSpan Connect { get; init; }
    public TimeSpan TlsHandshake { get; init; }
    public TimeSpan Processing { get; init; }
    public TimeSpan Transfer { get; init; }
    public int Status { get; init; }
    public long ContentLength { get; init; }
    public long BodyLength { get; init; }
    public int Redirects { get; init; }
    /// <summary>The final response came over TLS.</summary>
    public bool Ssl { get; init; }
    /// <summary>1.1, 2, ...; 0 when no answer came.</summary>
    public double Version { get; init; }
    public DateTimeOffset? LastModified { get; init; }
}

/// <summary>
/// A TLS connection: <see cref="Chain"/> as the server sent it (leaf first), <see cref="Version"/> as
/// blackbox names it (<c>TLS 1.3</c>; null when the handshake did not complete), and the earliest notAfter
/// of the chain that was verified (null when the handshake failed; <see cref="DateTimeOffset.MinValue"/>
/// when verification was skipped: blackbox then reports Go's zero time).
/// </summary>
public sealed record TlsTelemetry(IReadOnlyList<CertificateInfo> Chain, string? Version, DateTimeOffset? VerifiedChainExpiry)
{
    /// <summary>The leaf's labels of <c>probe_ssl_last_chain_info</c>, worked out once per run rather than at each scrape.</summary>
    public LeafInfo? Leaf => Chain.Count == 0 ? null : PresentedCertificates.Leaf(Chain[0]);

    /// <summary>Go's zero <c>time.Time</c> as Unix seconds: what blackbox reports for a chain it did not verify.</summary>
    public const long GoZeroTime = -62135596800;

    /// <summary>blackbox's <c>getTLSVersion</c> names.</summary>
    public static string? VersionName(System.Security.Authentication.SslProtocols protocol) => protocol switch
    {
#pragma warning disable SYSLIB0039 // old protocols are reported, not used
        System.Security.Authentication.SslProtocols.Tls => "TLS 1.0",
        System.Security.Authentication.SslProtocols.Tls11 => "TLS 1.1",
#pragma warning restore SYSLIB0039
        System.Security.Authentication.SslProtocols.Tls12 => "TLS 1.2",
        System.Security.Authentication.SslProtocols.Tls13 => "TLS 1.3",
        System.Security.Authentication.SslProtocols.None => null,
        _ => "unknown",
    };
}

/// <summary>
/// blackbox's <c>probe_ssl_last_chain_info</c> labels of a leaf (<c>prober/tls.go</c>): the SHA-256 fingerprint, subject and
/// issuer as Go's <c>pkix.Name.String()</c> writes them, and the DNS names joined by commas.
/// </summary>
public sealed record LeafInfo(string FingerprintSha256, string Subject, string Issuer, string SubjectAlternative);

/// <summary>
/// blackbox's DNS families: phases <c>resolve</c> (the server's name), <c>connect</c> (TCP only; 0 over UDP) and
/// <c>request</c>; record counts of the answer, authority and additional sections (EDNS OPT left out, as blackbox
/// sends no EDNS and gets none); <see cref="Serial"/> of the SOA answered to an SOA question.
/// </summary>
public sealed record DnsTelemetry
{
    public TimeSpan Resolve { get; init; }
    public TimeSpan Connect { get; init; }
    public TimeSpan Request { get; init; }
    public bool QuerySucceeded { get; init; }
    public int Answers { get; init; }
    public int Authorities { get; init; }
    public int Additionals { get; init; }
    public uint? Serial { get; init; }
}
