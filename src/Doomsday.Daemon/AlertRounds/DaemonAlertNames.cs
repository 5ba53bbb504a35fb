namespace Doomsday.Daemon.AlertRounds;

/// <summary>
/// The alerts the daemon raises and their labels. Public contract (docs/http-api.md, "Alerts"): alert
/// names and labels make fingerprints, routes and silences match on them, so never rename one.
/// </summary>
public static class DaemonAlertNames
{
    /// <summary>A probe held down (FailureThreshold failures in a row). Labels: probe, kind, instance (the probe's target), the probe's own labels.</summary>
    public const string ProbeDown = "ProbeDown";

    /// <summary>A certificate below the warning threshold, expired or not yet valid. Labels: source, subject, serial.</summary>
    public const string CertificateExpiry = "CertificateExpiry";

    /// <summary>
    /// A doctor finding of severity warning or critical (docs/findings.md), from the checks run over each
    /// inventory. Labels: finding (the finding id), subject. Severity: the finding's.
    /// </summary>
    public const string DoctorFinding = "DoctorFinding";

    /// <summary>
    /// A certificate source the inventory could not read (a file gone or unreadable, a kubeconfig that does not
    /// parse, an endpoint that does not answer): the watchdog is blind there. Labels: source (where), reason (the
    /// reason code, docs/reason-codes.md). Resolves at the first inventory that reads it again.
    /// </summary>
    public const string SourceUnreadable = "SourceUnreadable";

    /// <summary>The condition source of <see cref="SourceUnreadable"/> alerts: evaluated by every completed inventory.</summary>
    public const string InventorySource = "inventory";

    /// <summary>
    /// The prefix of certificate alerts' condition sources: <c>certificates:</c> + the place read
    /// (<see cref="CertificateLocations"/>); bare, the source of alerts stored before sources were per place.
    /// </summary>
    public const string CertificatesSource = "certificates";

    /// <summary>
    /// The prefix of doctor alerts' condition sources: <c>doctor:</c> + the input read (<see cref="DoctorSources"/>);
    /// bare, the source of alerts stored before sources were per input.
    /// </summary>
    public const string DoctorSource = "doctor";

    /// <summary>Findings that do not raise a <see cref="DoctorFinding"/>: the certificate's own expiry alert covers them.</summary>
    public static readonly IReadOnlySet<string> FindingsCoveredByExpiry = new HashSet<string>(StringComparer.Ordinal)
    {
        Core.Doctor.FindingIds.CertificateExpired, Core.Doctor.FindingIds.CertificateExpiring, Core.Doctor.FindingIds.NotYetValid,
    };

    /// <summary>
    /// The watchdog itself cannot do all of its work: a worker whose rounds fail or stall, an alert, route,
    /// silence or window that cannot be evaluated, the store file gone (what <c>/healthz</c> answers 503 for),
    /// held for <see cref="Configuration.DaemonSettings.DegradedAfter"/>. Labels: component (the worker, e.g.
    /// <c>alerts</c>, <c>inventory</c>, <c>outbox</c>, <c>store</c>, or <c>probe NAME</c>). Severity: critical.
    /// When the alert path itself is what fails, it is sent directly to every notifier (<see cref="DirectAlarm"/>).
    /// </summary>
    public const string DoomsdayDegraded = "DoomsdayDegraded";

    /// <summary>The condition source of <see cref="DoomsdayDegraded"/>: evaluated every round, so the alert resolves once healthy.</summary>
    public const string HealthSource = "daemon:health";

    public static string ProbeSource(string probe) => "probe:" + probe;

    public static class Labels
    {
        public const string Probe = "probe";
        public const string Kind = "kind";
        public const string Instance = "instance";
        public const string Source = "source";
        public const string Subject = "subject";
        public const string Serial = "serial";
        public const string Finding = "finding";
        public const string Reason = "reason";
        public const string Component = "component";
    }
}
