using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Notifiers.Alertmanager;

/// <summary>Alertmanager replicas: every alert goes to each with <c>POST /api/v2/alerts</c>.</summary>
public sealed record AlertmanagerNotifierOptions : NotifierOptions
{
    /// <summary>The <c>kind</c> of the config file, written only here (the registry and <see cref="Kind"/> use it).</summary>
    public const string KindName = "alertmanager";

    public override string Kind => KindName;
    [HttpUrl]
    public required IReadOnlyList<string> Urls { get; init; }

    /// <summary>
    /// How often a firing alert is re-sent so Alertmanager does not resolve it on its own (Prometheus's
    /// <c>--rules.alert.resend-delay</c>, also 1 minute by default); each firing message's <c>endsAt</c>
    /// is 4 × this after its send.
    /// </summary>
    [PositiveDuration(MinimumMilliseconds = 1000)]
    public TimeSpan ResendEvery { get; init; } = TimeSpan.FromMinutes(1);

    public override TimeSpan? ResendInterval => ResendEvery;

    /// <summary>
    /// The silences active in this Alertmanager also hold back Doomsday's other notifiers (Slack, webhook,
    /// e-mail), so one <c>amtool silence add</c> quiets every channel. Read every <see cref="SilencesRefresh"/>;
    /// while they cannot be read, none applies (fail-open).
    /// </summary>
    public bool ApplySilences { get; init; } = true;

    /// <summary>How often the active silences are read (<c>GET /api/v2/silences</c>).</summary>
    [PositiveDuration]
    public TimeSpan SilencesRefresh { get; init; } = TimeSpan.FromSeconds(15);
}
