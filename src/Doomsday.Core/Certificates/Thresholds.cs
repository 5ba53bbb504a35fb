using Doomsday.Core.Configuration;
using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Core.Certificates;

/// <summary>
/// The thresholds of the one severity scale that scan, doctor and watch share (docs/severity.md): a certificate
/// with at most <see cref="Warning"/> left is a warning, <see cref="Critical"/> critical, <see cref="Emergency"/>
/// an emergency. <see cref="Default"/> is the only place the default values are written: 90, 30 and 7 days.
/// </summary>
public sealed record Thresholds(
    [property: AllowNegative] TimeSpan Warning, [property: AllowNegative] TimeSpan Critical, [property: AllowNegative] TimeSpan Emergency)
    : IConfigValidated
{
    public static readonly Thresholds Default = new(TimeSpan.FromDays(90), TimeSpan.FromDays(30), TimeSpan.FromDays(7));

    public Severity Classify(DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset now)
    {
        if (now >= notAfter) return Severity.Expired;
        if (now < notBefore) return Severity.NotYetValid;
        var left = notAfter - now;
        if (left <= Emergency) return Severity.Emergency;
        if (left <= Critical) return Severity.Critical;
        if (left <= Warning) return Severity.Warning;
        return Severity.Ok;
    }

    /// <summary>Returns an error message when the thresholds are not ordered warning ≥ critical ≥ emergency ≥ 0.</summary>
    public string? Validate()
    {
        if (Emergency < TimeSpan.Zero) return "emergency threshold must not be negative";
        if (Critical < Emergency) return "critical threshold must be at least the emergency threshold";
        if (Warning < Critical) return "warning threshold must be at least the critical threshold";
        return null;
    }

    /// <summary>The <c>thresholds</c> section of a watch config: the same rule, at the section itself.</summary>
    IEnumerable<ConfigProblem> IConfigValidated.Validate() =>
        Validate() is { } problem ? [new ConfigProblem("", ConfigErrorCodes.ThresholdOrder, problem)] : [];
}
