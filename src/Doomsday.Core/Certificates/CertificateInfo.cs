namespace Doomsday.Core.Certificates;

/// <summary>
/// The fields of one X.509 certificate that Doomsday reports on. Immutable and free of
/// platform crypto objects so that millions can stream through a scan cheaply.
/// </summary>
public sealed record CertificateInfo
{
    public required int Version { get; init; }
    public required string Subject { get; init; }
    public required string? SubjectCommonName { get; init; }
    public required string Issuer { get; init; }
    public required string? IssuerCommonName { get; init; }
    /// <summary>Serial number as uppercase hex of its DER content octets (what <c>openssl x509 -serial</c> prints).</summary>
    public required string SerialNumber { get; init; }
    /// <summary>Lowercase hex SHA-256 over the whole DER certificate.</summary>
    public required string FingerprintSha256 { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required DateTimeOffset NotAfter { get; init; }
    public required SubjectAlternativeNames Sans { get; init; }
    public required IReadOnlyList<string> KeyUsage { get; init; }
    public required IReadOnlyList<string> ExtendedKeyUsage { get; init; }
    public required bool IsCa { get; init; }
    public required int? PathLength { get; init; }
    public required string PublicKeyAlgorithm { get; init; }
    public required int PublicKeySize { get; init; }
    public required string SignatureAlgorithm { get; init; }
    public required string? SubjectKeyId { get; init; }
    public required string? AuthorityKeyId { get; init; }
    /// <summary>True when subject and issuer names are byte-identical.</summary>
    public required bool SelfIssued { get; init; }
    /// <summary>DER encoding of the SubjectPublicKeyInfo; used to match private keys.</summary>
    public required ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; init; }
    /// <summary>The whole DER certificate, kept for signature checks by later stages.</summary>
    public required ReadOnlyMemory<byte> Der { get; init; }
}

public sealed record SubjectAlternativeNames(
    IReadOnlyList<string> Dns,
    IReadOnlyList<string> Ip,
    IReadOnlyList<string> Uri,
    IReadOnlyList<string> Email)
{
    public static readonly SubjectAlternativeNames None = new([], [], [], []);
    public bool IsEmpty => Dns.Count == 0 && Ip.Count == 0 && Uri.Count == 0 && Email.Count == 0;
}
