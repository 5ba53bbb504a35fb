namespace Doomsday.Daemon.Http.V1;

/// <summary>One certificate of the inventory (docs/http-api.md). Field names are public contract.</summary>
public sealed record V1Certificate(
    string Source,
    string SourceKind,
    string? Name,
    string Subject,
    string Issuer,
    string SerialNumber,
    string FingerprintSha256,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string Severity,
    double ExpiresInSeconds,
    IReadOnlyList<string> DnsNames,
    bool IsCa);
