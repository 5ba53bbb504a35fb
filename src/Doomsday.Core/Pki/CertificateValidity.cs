namespace Doomsday.Core.Pki;

/// <summary>The validity window of one certificate. Any dates are allowed: expired, not yet valid, reversed.</summary>
public sealed record CertificateValidity(DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>Issued <paramref name="age"/> before <paramref name="now"/>, expiring <paramref name="remaining"/> after it (negative: already expired).</summary>
    public static CertificateValidity Around(DateTimeOffset now, TimeSpan age, TimeSpan remaining) => new(now - age, now + remaining);
}
