namespace Doomsday.Daemon.Alerts;

/// <summary>
/// The alerts the daemon raises and their labels. Public contract (docs/http-api.md, "Alerts"): alert
/// names and labels make fingerprints, routes and silences match on them, so never rename one.
/// </summary>
public static class DaemonAlertNames
{
    /// <summary>A probe held down (FailureThreshold failures in a row). Labels: probe, kind, the probe's own labels.</summary>
    public const string ProbeDown = "ProbeDown";

    /// <summary>A certificate below the warning threshold, expired or not yet valid. Labels: source, subject, serial.</summary>
    public const string CertificateExpiry = "CertificateExpiry";

    /// <summary>The condition source of every certificate alert (one inventory is one source).</summary>
    public const string CertificatesSource = "certificates";

    public static string ProbeSource(string probe) => "probe:" + probe;

    public static class Labels
    {
        public const string Probe = "probe";
        public const string Kind = "kind";
        public const string Source = "source";
        public const string Subject = "subject";
        public const string Serial = "serial";
    }
}
