namespace Doomsday.Core.Certificates;

/// <summary>How close a certificate is to doomsday. Ordered: a larger value is worse.</summary>
public enum Severity
{
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Emergency = 3,
    NotYetValid = 4,
    Expired = 5,
}

public static class SeverityNames
{
    // Public contract: these strings appear in JSON, metrics and flags (docs/json-output.md).
    public static string ToWire(this Severity s) => s switch
    {
        Severity.Ok => "ok",
        Severity.Warning => "warning",
        Severity.Critical => "critical",
        Severity.Emergency => "emergency",
        Severity.NotYetValid => "not_yet_valid",
        Severity.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static bool TryParse(string text, out Severity severity)
    {
        foreach (var s in Enum.GetValues<Severity>())
        {
            if (string.Equals(s.ToWire(), text, StringComparison.OrdinalIgnoreCase))
            {
                severity = s;
                return true;
            }
        }
        severity = default;
        return false;
    }
}
