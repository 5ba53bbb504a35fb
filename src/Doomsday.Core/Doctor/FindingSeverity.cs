namespace Doomsday.Core.Doctor;

/// <summary>
/// How urgent a finding is, on the one severity scale of scan, doctor and watch (docs/severity.md).
/// Public contract: serialised as <c>info</c>, <c>warning</c>, <c>critical</c>, <c>emergency</c>; the
/// numbers match <see cref="Certificates.Severity"/> for the names both share.
/// </summary>
public enum FindingSeverity
{
    Info = 0,
    Warning = 1,
    Critical = 2,
    /// <summary>Only findings about a certificate's own dates reach it: within the emergency threshold, expired or not yet valid.</summary>
    Emergency = 3,
}
