namespace Doomsday.Core.Doctor;

public static class FindingSeverityNames
{
    /// <summary>Public contract: the strings in JSON and markdown output.</summary>
    public static string ToWire(this FindingSeverity s) => s switch
    {
        FindingSeverity.Info => "info",
        FindingSeverity.Warning => "warning",
        FindingSeverity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };
}
