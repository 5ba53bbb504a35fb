using Doomsday.Core.Configuration.Rules;
using Doomsday.Watch.Configuration.Rules;

namespace Doomsday.Watch.Probes;

/// <summary>
/// What every probe has, whatever its kind. Per-kind options derive from this (one record per kind,
/// beside its probe). <see cref="FailureThreshold"/> consecutive failures make the target down,
/// <see cref="SuccessThreshold"/> consecutive successes make it up again: no flapping.
/// </summary>
public abstract record ProbeOptions
{
    /// <summary>Public contract: the <c>kind</c> written in the config file.</summary>
    public abstract string Kind { get; }

    public required string Name { get; init; }

    [PositiveDuration(MinimumMilliseconds = 100)]
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);
    [PositiveDuration]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
    [AtLeast(1)]
    public int FailureThreshold { get; init; } = 2;
    [AtLeast(1)]
    public int SuccessThreshold { get; init; } = 1;

    /// <summary>Severity of the alert raised when the target is down (<c>warning</c>, <c>critical</c>, <c>emergency</c>).</summary>
    [Severity]
    public string Severity { get; init; } = "critical";

    /// <summary>
    /// What the probe checks, as blackbox_exporter's usual relabelling puts it in <c>instance</c> (the
    /// <c>target</c> parameter: the URL of http, etcd and apiserver probes — without user info or query, which
    /// may hold credentials —, <c>HOST:PORT</c> of tcp and tls probes, the server of dns probes). Public
    /// contract: the <c>instance</c> label of probe alerts and series.
    /// </summary>
    public abstract string Target { get; }

    /// <summary>Extra labels carried into alerts and metrics.</summary>
    [LabelNames(ProbeLabels = true)]
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
