using Doomsday.Core.Certificates;

namespace Doomsday.Core.Inventory;

/// <summary>A found certificate judged at one instant.</summary>
public sealed record EvaluatedCertificate(FoundCertificate Found, Severity Severity, TimeSpan Residual)
{
    public static EvaluatedCertificate Evaluate(FoundCertificate found, Thresholds thresholds, DateTimeOffset now)
    {
        var c = found.Certificate;
        return new EvaluatedCertificate(found, thresholds.Classify(c.NotBefore, c.NotAfter, now), c.NotAfter - now);
    }

    /// <summary>Worst first; among equals, the soonest expiry first, then by name and place for a stable order.</summary>
    public static int WorstFirst(EvaluatedCertificate a, EvaluatedCertificate b)
    {
        var s = b.Severity.CompareTo(a.Severity);
        if (s != 0) return s;
        var t = a.Found.Certificate.NotAfter.CompareTo(b.Found.Certificate.NotAfter);
        if (t != 0) return t;
        var n = string.CompareOrdinal(a.Found.Name, b.Found.Name);
        return n != 0 ? n : string.CompareOrdinal(a.Found.Source.Display, b.Found.Source.Display);
    }
}
