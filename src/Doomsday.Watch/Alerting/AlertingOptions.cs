namespace Doomsday.Watch.Alerting;

/// <summary>
/// The engine's configuration (built by the daemon from the config file; replaceable at runtime with
/// <see cref="AlertEngine.Reconfigure"/>).
/// </summary>
public sealed record AlertingOptions
{
    public IReadOnlyList<RouteOptions> Routes { get; init; } = [];

    /// <summary>Where an alert goes when no route matches (the daemon passes every configured notifier): nothing is dropped silently.</summary>
    public IReadOnlyList<string> DefaultNotifiers { get; init; } = [];

    /// <summary>Certificate alerts' schedule; any order (the engine sorts by <see cref="EscalationStep.Below"/>).</summary>
    public IReadOnlyList<EscalationStep> Escalation { get; init; } = EscalationStep.Default;

    /// <summary>How often a firing alert that is not a certificate alert is notified again.</summary>
    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromHours(4);

    /// <summary><c>for</c> when the first matching route has none.</summary>
    public TimeSpan DefaultFor { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Flapping guard: a firing alert whose condition disappears resolves only after it stayed away this long;
    /// if it comes back before, nothing is notified. 0: resolve on the first round without it (probes already
    /// debounce with their success threshold).
    /// </summary>
    public TimeSpan KeepFiringFor { get; init; } = TimeSpan.Zero;

    public IReadOnlyList<MaintenanceWindow> MaintenanceWindows { get; init; } = [];

    /// <summary>How long a resolved alert's state is kept (for the API) before the engine drops it.</summary>
    public TimeSpan ResolvedRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Notifiers that hold alert state of their own and forget a firing alert that is not sent again
    /// (Alertmanager), by name, with how often each must be told again. While an alert fires, every such
    /// notifier that was told it fires gets it again at that interval, whatever silences, acknowledgements
    /// and maintenance windows say (they withhold new notifications, not the state already told); see
    /// docs/notifications.md.
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan> ResendEvery { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>
    /// The daemon's own labels (config <c>labels</c>), like Prometheus's external labels: every notification
    /// carries them unless the alert has a label of that name (Prometheus's rule). They are not part of the
    /// alert's identity (fingerprints do not change with them); routes, silences and windows see them.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExternalLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Silences kept elsewhere (the configured Alertmanagers') that hold back notifiers of this daemon: a
    /// firing notification is not sent to a notifier they mute, like a silence of this engine but notifier
    /// by notifier. Resolutions are never held back. Null: none.
    /// </summary>
    public IExternalSilences? ExternalSilences { get; init; }
}
